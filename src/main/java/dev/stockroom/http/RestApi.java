package dev.stockroom.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.acl.Principal;
import dev.stockroom.auth.Authenticator;
import dev.stockroom.binding.PhpQuery;
import dev.stockroom.error.WebapiException;
import dev.stockroom.schema.SwaggerSchema;
import dev.stockroom.search.RowStream;
import dev.stockroom.search.SearchStream;
import dev.stockroom.webapi.Body;
import dev.stockroom.webapi.BodySize;
import dev.stockroom.webapi.BodySource;
import dev.stockroom.webapi.Call;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Dispatcher;
import dev.stockroom.webapi.ETags;
import dev.stockroom.webapi.ErrorResponses;
import dev.stockroom.webapi.FieldsFilter;
import dev.stockroom.webapi.Outcome;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.StreamedBody;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the REST API, everything the {@link Dispatcher} does not do: the Accept header,
 * the URL's store code, the caller's credentials, reading a body within its limits and draining one
 * not read, and writing the outcome as JSON. Everything Magento does with a request happens in the
 * dispatcher.
 */
public final class RestApi {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final Pattern VERSION = Pattern.compile("V\\d+");

  /**
   * Unread bodies up to this size are read and dropped before the answer, so that the client gets
   * it and keeps its connection; reading costs no memory, only the time to receive them.
   */
  private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

  /** How long a connection closed after a refused body keeps reading it: see answerRefusedBody. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final Dispatcher dispatcher;
  private final SwaggerSchema schema;
  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final HttpLimits limits;
  private final RequestMemory memory;

  public RestApi(
      Dispatcher dispatcher,
      SwaggerSchema schema,
      Authenticator authenticator,
      ObjectMapper mapper,
      HttpLimits limits) {
    this.dispatcher = dispatcher;
    this.schema = schema;
    this.authenticator = authenticator;
    this.mapper = mapper;
    this.limits = limits;
    this.memory = new RequestMemory(limits.requestMemory());
  }

  /** The largest body any request can send now that the request memory is known. */
  public long largestBody() {
    return Math.min(limits.maxBulkBody(), memory.bulkCeiling());
  }

  public void handle(Context context) throws IOException {
    var incoming = new Incoming(context);
    Call call = call(context, incoming);
    ErrorResponses.describeRequest(
        context.req().getMethod()
            + " "
            + context.req().getRequestURI()
            + ", request id "
            + call.header("x-request-id"));
    try {
      answer(context, incoming, call);
    } finally {
      ErrorResponses.forgetRequest();
    }
  }

  private void answer(Context context, Incoming incoming, Call call) throws IOException {
    String accept = context.header("Accept");
    // Stockroom's CSV export answers CSV; every other route JSON.
    boolean csv =
        call.method().equals("GET")
            && dispatcher.router().find(call.method(), call.path()).map(Route::csv).orElse(false);
    if (csv ? !acceptsCsv(accept) : !acceptsJson(accept)) {
      // Magento reports an unsatisfiable Accept header in its fallback error format.
      var error =
          new FallbackError(
              406,
              "Server cannot match any of the given Accept HTTP header media type(s) from the"
                  + " request: \""
                  + accept
                  + "\" with media types from the config of response renderer.");
      RequestLog.route(context, dispatcher.template(call, null));
      discardUnreadBody(context);
      context
          .status(406)
          .contentType(JSON)
          .result(mapper.writeValueAsBytes(Map.of("messages", Map.of("error", List.of(error)))));
      return;
    }
    if (isSchema(call)) {
      RequestLog.route(context, dispatcher.template(call, null));
      incoming.finish();
      answerSchema(context, call);
      return;
    }
    Outcome outcome = dispatcher.dispatch(call);
    RequestLog.route(context, dispatcher.template(call, outcome));
    switch (outcome) {
      case Outcome.Failure failure -> {
        byte[] body = mapper.writeValueAsBytes(failure.body());
        if (incoming.unread) {
          answerRefusedBody(context, failure.status(), body);
          incoming.finish();
        } else {
          incoming.finish();
          context.status(failure.status()).contentType(JSON).result(body);
        }
      }
      case Outcome.Success success -> {
        // A GET or DELETE may carry a body it does not use.
        incoming.finish();
        write(context, success);
      }
      case Outcome.Replay replay -> {
        incoming.finish();
        context
            .status(replay.answer().status())
            .contentType(replay.answer().contentType())
            .result(replay.answer().body());
      }
    }
  }

  /**
   * The call a request makes: the path after {@code /rest}, its first segment taken as the store
   * code unless it is already the version.
   */
  private Call call(Context context, Incoming incoming) {
    String path = context.req().getRequestURI().substring("/rest".length());
    String storeCode = null;
    int end = path.indexOf('/', 1);
    String first = end < 0 ? path.substring(1) : path.substring(1, end);
    // /rest/async/V1/… is the default store's asynchronous API, as in Magento ("async" is not a
    // store code).
    if (!VERSION.matcher(first).matches() && !first.equals("async")) {
      storeCode = first;
      path = end < 0 ? "" : path.substring(end);
    }
    String method = context.req().getMethod();
    Caller caller =
        body -> {
          Optional<Principal> principal =
              authenticator.authenticate(
                  new Authenticator.Request(
                      context.header("Authorization"),
                      method,
                      context.scheme(),
                      context.host(),
                      context.req().getRequestURI(),
                      context.req().getQueryString(),
                      context.header("Content-Type"),
                      body));
          principal.ifPresent(who -> RequestLog.principal(context, who));
          return principal;
        };
    var headers = new HashMap<String, String>();
    headers.put("x-request-id", RequestLog.id(context));
    for (String name : List.of("Idempotency-Key", "If-Match")) {
      String value = context.header(name);
      if (value != null) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return new Call(
        method.toUpperCase(Locale.ROOT),
        storeCode,
        path,
        context.req().getQueryString(),
        context.header("Content-Type"),
        incoming,
        caller,
        Map.copyOf(headers));
  }

  /** {@code /rest/<store>/schema}, or {@code /rest/schema} for the default store. */
  private boolean isSchema(Call call) {
    return SCHEMAS.contains(call.path()) && dispatcher.isStore(call.storeCode())
        || "schema".equals(call.storeCode()) && call.path().isEmpty();
  }

  /** The schema documents: synchronous, asynchronous, and bulk (Magento's three processors). */
  private static final Set<String> SCHEMAS =
      Set.of("/schema", "/async/schema", "/async/bulk/schema");

  /**
   * Magento's schema of the services the caller may use: a caller without credentials, or with
   * credentials that do not verify, sees the anonymous routes only.
   */
  private void answerSchema(Context context, Call call) throws IOException {
    Optional<Principal> principal;
    try {
      principal = call.caller().principal(() -> new byte[0]);
    } catch (RuntimeException refused) {
      principal = Optional.empty();
    }
    String uri = context.req().getRequestURI();
    var origin =
        new SwaggerSchema.Origin(
            context.host(), uri.substring(0, uri.indexOf("/schema")), context.scheme());
    JsonNode services = PhpQuery.parse(call.query()).get("services");
    try {
      byte[] document =
          mapper.writeValueAsBytes(
              schema.document(
                  origin,
                  services != null && services.isTextual() ? services.textValue() : null,
                  principal,
                  call.path().equals("/async/schema")));
      context.status(200).contentType(JSON).result(document);
    } catch (RuntimeException refused) {
      var error = ErrorResponses.of(refused);
      context
          .status(error.status())
          .contentType(JSON)
          .result(mapper.writeValueAsBytes(error.body()));
    }
  }

  private void write(Context context, Outcome.Success success) throws IOException {
    Object value = success.value() == null ? List.of() : success.value();
    if (value instanceof StreamedBody streamed) {
      context.status(success.status()).contentType(streamed.contentType());
      streamed.writeTo(context.outputStream());
      return;
    }
    FieldsFilter fields = FieldsFilter.parse(success.fields());
    if (success.route().tagged() && success.value() != null) {
      String tag = dispatcher.tag(success.value());
      context.header("ETag", tag);
      String ifNoneMatch = context.header("If-None-Match");
      if (ifNoneMatch != null && ETags.matches(ifNoneMatch, tag)) {
        context.status(304);
        return;
      }
    }
    context.status(success.status()).contentType(JSON);
    if (value instanceof SearchStream<?> || value instanceof RowStream<?>) {
      writeStream(context, value, fields);
      return;
    }
    var bytes = new ByteArrayOutputStream();
    try (JsonGenerator generator = generator(bytes, fields)) {
      mapper.writeValue(generator, value);
    }
    context.result(bytes.toByteArray());
  }

  /**
   * Writes a stream as its statement reads it. A statement that fails before its first row leaves
   * the response uncommitted and is answered as an error; after that the status line is gone, and
   * all that is left is to cut the response short.
   */
  private void writeStream(Context context, Object stream, FieldsFilter fields) throws IOException {
    try (JsonGenerator generator = generator(context.outputStream(), fields)) {
      mapper.writeValue(generator, stream);
    } catch (IOException | RuntimeException failure) {
      HttpServletResponse response = context.res();
      if (!response.isCommitted()) {
        response.reset();
        var error = ErrorResponses.of(failure);
        context
            .status(error.status())
            .contentType(JSON)
            .result(mapper.writeValueAsBytes(error.body()));
        return;
      }
      LOG.error("Streaming a response failed", failure);
      throw failure;
    }
  }

  private JsonGenerator generator(OutputStream output, FieldsFilter fields) throws IOException {
    JsonGenerator generator = mapper.createGenerator(output);
    return fields == null ? generator : fields.wrap(generator);
  }

  /**
   * The body of one request, read once its route says how large it may be, and what is left to do
   * with the connection once the request is answered.
   */
  private final class Incoming implements BodySource {
    private final Context context;
    private RequestBody body;
    private boolean unread;

    Incoming(Context context) {
      this.context = context;
    }

    @Override
    public Body read(BodySize size) {
      if (body == null) {
        long limit = size == BodySize.BULK ? limits.maxBulkBody() : limits.maxSmallBody();
        long declared = context.req().getContentLengthLong();
        try {
          body = RequestBody.read(context.req().getInputStream(), declared, limit, memory);
        } catch (IOException unreadable) {
          unread = true;
          throw WebapiException.badRequest("The request body could not be read.");
        } catch (WebapiException refused) {
          // A declared body too large, or without memory now, is refused before any of it is read,
          // and a small one is then drained as usual; one refused midway (no length, too slow,
          // cut short), or one too large to drain, is not read further.
          boolean beforeReading = refused.status() == 413 || refused.status() == 503;
          unread = declared < 0 || declared > DRAIN_LIMIT || !beforeReading;
          throw refused;
        }
      }
      return body;
    }

    /** Gives the body's memory back, and drains what a request did not read of its body. */
    void finish() {
      if (body != null) {
        body.close();
      }
      if (!unread) {
        discardUnreadBody(context);
      }
    }
  }

  /**
   * Answers a body refused while it was being read (too large, no memory for it now, too slow), and
   * then closes the connection. The answer goes out first, while the client may still be sending,
   * and the connection lingers a moment, reading and dropping what still comes: closed at once with
   * unread bytes, the kernel resets it, and a client still sending often loses the answer (three of
   * eight curl uploads of 200 MB did).
   */
  private static void answerRefusedBody(Context context, int status, byte[] body)
      throws IOException {
    HttpServletResponse response = context.res();
    response.setStatus(status);
    response.setContentType(JSON);
    response.setContentLength(body.length);
    response.setHeader("Connection", "close");
    if (status == 503) {
      response.setHeader("Retry-After", "1");
    }
    response.getOutputStream().write(body);
    response.flushBuffer();
    long deadline = System.nanoTime() + LINGER.toNanos();
    byte[] dropped = new byte[8192];
    long read = 0;
    try (InputStream rest = context.req().getInputStream()) {
      while (read < DRAIN_LIMIT && System.nanoTime() < deadline) {
        int count = rest.read(dropped);
        if (count < 0) {
          return;
        }
        read += count;
      }
    } catch (IOException | IllegalStateException gone) {
      // The client stopped first: nothing more to drop.
    }
  }

  /**
   * A request answered without reading its whole body (refused early, or a method whose body is
   * ignored): read the rest and drop it, up to a bound, or a client still sending would miss the
   * answer. Beyond the bound the connection is closed after the answer instead.
   */
  public static void discardUnreadBody(Context context) {
    long length = context.req().getContentLengthLong();
    if (length == 0 || length < 0 && context.header("Transfer-Encoding") == null) {
      // Nothing was sent (most GETs): nothing to read.
      return;
    }
    if (length > DRAIN_LIMIT) {
      context.header("Connection", "close");
      return;
    }
    try (InputStream rest = context.req().getInputStream()) {
      long drained = rest.skip(DRAIN_LIMIT);
      if (drained == DRAIN_LIMIT && rest.read() >= 0) {
        context.header("Connection", "close");
      }
    } catch (IOException | IllegalStateException unread) {
      context.header("Connection", "close");
    }
  }

  /** An entry of Magento's fallback error format, used where the normal one cannot be. */
  private record FallbackError(int code, String message) {}

  /** Stockroom writes JSON only: an Accept header must allow it (or be absent). */
  private static boolean acceptsCsv(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      String mediaType = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (mediaType.equals("*/*") || mediaType.equals("text/*") || mediaType.equals(Route.CSV)) {
        return true;
      }
    }
    return false;
  }

  private static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      String mediaType = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (mediaType.equals("*/*")
          || mediaType.equals("application/*")
          || mediaType.equals("application/json")) {
        return true;
      }
    }
    return false;
  }
}
