package dev.stockroom.webapi;

import dev.stockroom.db.DatabaseUnavailableException;
import dev.stockroom.error.AuthenticationException;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.ConflictException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.error.WebapiException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from exceptions to HTTP status and Magento's error body: {@code message} (a raw
 * template), then {@code errors} and {@code parameters} only when they are not empty.
 */
public final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ErrorResponses() {}

  /**
   * The request this thread answers ("METHOD /path, request id …"), set by the HTTP adapter: an
   * unexpected failure's log line names it. (A thread-local rather than SLF4J's MDC, which the
   * simple logger does not keep.)
   */
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  /** Names the request this thread answers, until {@link #forgetRequest}. */
  public static void describeRequest(String request) {
    REQUEST.set(request);
  }

  public static void forgetRequest() {
    REQUEST.remove();
  }

  public record ErrorResponse(int status, Map<String, Object> body) {}

  public static ErrorResponse of(Throwable failure) {
    return switch (failure) {
      case WebapiException webapi -> {
        LOG.info("{} {}", webapi.status(), webapi.getMessage());
        yield new ErrorResponse(webapi.status(), body(webapi.getMessage(), null, List.of()));
      }
      case DatabaseUnavailableException unavailable -> {
        LOG.warn("503: {}", unavailable.getMessage());
        yield new ErrorResponse(
            503, body("The service is temporarily unavailable. Try again later.", null, List.of()));
      }
      case LocalizedException localized -> {
        LOG.info("{}", localized.getMessage());
        yield new ErrorResponse(status(localized), body(localized));
      }
      default -> masked(failure);
    };
  }

  private static int status(LocalizedException failure) {
    return switch (failure) {
      case NoSuchEntityException ignored -> 404;
      case AuthorizationException ignored -> 401;
      case AuthenticationException ignored -> 401;
      case ConflictException conflict -> conflict.status();
      default -> 400;
    };
  }

  private static Map<String, Object> body(LocalizedException failure) {
    List<ErrorEntry> errors =
        switch (failure) {
          case ValidationException validation -> validation.errors();
          case InputException input -> input.errors();
          case ConflictException conflict -> conflict.errors();
          default -> List.of();
        };
    return body(failure.template(), failure.parameters().toJson(), errors);
  }

  private static Map<String, Object> body(
      String message, Object parameters, List<ErrorEntry> errors) {
    var body = new LinkedHashMap<String, Object>();
    body.put("message", message);
    if (!errors.isEmpty()) {
      body.put(
          "errors",
          errors.stream()
              .map(error ->
                  Map.of("message", error.template(), "parameters", error.parameters().toJson()))
              .map(ErrorResponses::orderedEntry)
              .toList());
    }
    if (parameters instanceof Map<?, ?> named && !named.isEmpty()
        || parameters instanceof List<?> positional && !positional.isEmpty()) {
      body.put("parameters", parameters);
    }
    return body;
  }

  private static Map<String, Object> orderedEntry(Map<String, Object> entry) {
    var ordered = new LinkedHashMap<String, Object>();
    ordered.put("message", entry.get("message"));
    ordered.put("parameters", entry.get("parameters"));
    return ordered;
  }

  /** An unexpected failure: the client sees a report id, the log has the same id and the stack. */
  private static ErrorResponse masked(Throwable failure) {
    byte[] random = new byte[7];
    RANDOM.nextBytes(random);
    String reportId = "webapi-" + HexFormat.of().formatHex(random).substring(0, 13);
    String request = REQUEST.get();
    LOG.error(
        "Report ID: {} ({})", reportId, request == null ? "no HTTP request" : request, failure);
    return new ErrorResponse(
        500,
        body(
            "Internal Error. Details are available in Stockroom log file. Report ID: " + reportId,
            null,
            List.of()));
  }
}
