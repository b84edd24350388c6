package dev.stockroom.http;

import dev.stockroom.acl.Principal;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every request's id, log line and timing. A request takes the client's {@code X-Request-Id} if it
 * is usable, else a new one; the answer carries it back and every line logged while the request is
 * answered names it. When the request is answered it logs one line (method, path, status, duration,
 * principal, request id) and adds one sample to {@code http_server_requests_seconds}, tagged with
 * the route's template rather than the path, so that SKUs do not become series.
 */
public final class RequestLog {
  /** The key of the request id in the logging context (MDC). */
  public static final String REQUEST_ID = "request_id";

  private static final Logger LOG = LoggerFactory.getLogger("dev.stockroom.requests");
  private static final String ROUTE = "stockroom.route";
  private static final String PRINCIPAL = "stockroom.principal";

  /** A request id a client may choose: short, and safe to write in logs and headers. */
  private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

  /** The latency buckets of the request histogram, from a cached read to a million-row save. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;

  public RequestLog(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Before a request is handled: its id, in the answer and on every line it logs. */
  public static void begin(Context context) {
    String sent = context.header("X-Request-Id");
    String id =
        sent != null && USABLE_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    context.header("X-Request-Id", id);
    MDC.put(REQUEST_ID, id);
  }

  /** The request's id, as {@link #begin} chose it. */
  public static String id(Context context) {
    return context.res().getHeader("X-Request-Id");
  }

  /**
   * Names the route a request matched (its template, such as {@code
   * /V1/inventory/sources/:sourceCode}).
   */
  public static void route(Context context, String template) {
    context.attribute(ROUTE, template);
  }

  /** Names who made the request, once its credentials are known. */
  public static void principal(Context context, Principal principal) {
    context.attribute(
        PRINCIPAL, principal.kind().name().toLowerCase(Locale.ROOT) + ":" + principal.name());
  }

  /** After a request is answered: its line and its sample. */
  public void end(Context context, float milliseconds) {
    String method = context.req().getMethod().toUpperCase(Locale.ROOT);
    int status = context.statusCode();
    String principal = context.attribute(PRINCIPAL);
    String route = context.attribute(ROUTE);
    if (route == null) {
      route = endpointPath(context);
    }
    LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("path", context.req().getRequestURI())
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", Math.round(milliseconds * 10) / 10.0)
        .addKeyValue("principal", principal)
        .log(
            "{} {} {} {} ms {}",
            method,
            context.req().getRequestURI(),
            status,
            String.format(Locale.ROOT, "%.1f", milliseconds),
            principal == null ? "-" : principal);
    Timer.builder("http.server.requests")
        .description("Requests answered, by method, route template and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(Duration.ofNanos((long) (milliseconds * 1_000_000)));
    MDC.remove(REQUEST_ID);
  }

  /** The path of the Javalin endpoint that answered, such as {@code /admin/sources/{code}}. */
  private static String endpointPath(Context context) {
    try {
      var endpoint = context.endpoints().lastHttpEndpoint();
      return endpoint == null ? "unmatched" : endpoint.path;
    } catch (RuntimeException none) {
      return "unmatched";
    }
  }
}
