package dev.stockroom.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.auth.Authenticator;
import dev.stockroom.auth.Principal;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.WebapiException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Magento's REST front controller: every request under {@code /rest/} passes the same steps in
 * Magento's order, so that clients see the same error for the same mistake (an unknown route is a
 * 404 even without a token; a bad body without a token is a 401, not a 400).
 */
public final class RestApi {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

  /**
   * Unread bodies up to this size are read and dropped before the answer, so that the client gets
   * it and keeps its connection; reading costs no memory, only the time to receive them.
   */
  private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

  /** How long a connection closed after a refused body keeps reading it: see answerRefusedBody. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private static final Pattern VERSIONED = Pattern.compile("^/V\\d+(/.*)?$");
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("^([a-z\\d/\\-+.]+)(?:; *charset=(.+))?$", Pattern.CASE_INSENSITIVE);

  private final Router router;
  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final Set<String> storeCodes;
  private final HttpLimits limits;
  private final RequestMemory memory;

  public RestApi(
      Router router,
      Authenticator authenticator,
      ObjectMapper mapper,
      Set<String> storeCodes,
      HttpLimits limits) {
    this.router = router;
    this.authenticator = authenticator;
    this.mapper = mapper;
    this.storeCodes = storeCodes;
    this.limits = limits;
    this.memory = new RequestMemory(limits.requestMemory());
  }

  /** The largest body any request can send now that the request memory is known. */
  public long largestBody() {
    return Math.min(limits.maxBulkBody(), memory.bulkCeiling());
  }

  public void handle(Context context) throws IOException {
    String accept = context.header("Accept");
    if (!acceptsJson(accept)) {
      // Magento reports an unsatisfiable Accept header in its fallback error format.
      var error =
          new FallbackError(
              406,
              "Server cannot match any of the given Accept HTTP header media type(s) from the"
                  + " request: \""
                  + accept
                  + "\" with media types from the config of response renderer.");
      discardUnreadBody(context);
      context
          .status(406)
          .contentType(JSON)
          .result(mapper.writeValueAsBytes(Map.of("messages", Map.of("error", List.of(error)))));
      return;
    }
    var incoming = new Incoming(context);
    Answer answer;
    try {
      answer = dispatch(context, incoming);
    } catch (Exception failure) {
      var error = ErrorResponses.of(failure);
      byte[] body = mapper.writeValueAsBytes(error.body());
      if (incoming.unread) {
        answerRefusedBody(context, error.status(), body);
        incoming.finish();
        return;
      }
      incoming.finish();
      context.status(error.status()).contentType(JSON).result(body);
      return;
    }
    // A GET or DELETE may carry a body it does not use.
    incoming.finish();
    context.status(200).contentType(JSON);
    Object body = answer.body();
    FieldsFilter fields = answer.fields();
    if (body instanceof JsonStream stream) {
      writeStream(context, stream, fields);
    } else {
      var bytes = new ByteArrayOutputStream();
      try (JsonGenerator generator = generator(bytes, fields)) {
        mapper.writeValue(generator, body == null ? List.of() : body);
      }
      context.result(bytes.toByteArray());
    }
  }

  /**
   * The body of one request, read once its route says how large it may be, and what is left to do
   * with the connection once the request is answered.
   */
  private final class Incoming {
    private final Context context;
    private RequestBody body;
    private boolean unread;

    Incoming(Context context) {
      this.context = context;
    }

    RequestBody body(Route route) {
      if (body == null) {
        long limit =
            route.bodySize() == BodySize.BULK ? limits.maxBulkBody() : limits.maxSmallBody();
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

  private JsonGenerator generator(OutputStream output, FieldsFilter fields) throws IOException {
    JsonGenerator generator = mapper.createGenerator(output);
    return fields == null ? generator : fields.wrap(generator);
  }

  /** An entry of Magento's fallback error format, used where the normal one cannot be. */
  private record FallbackError(int code, String message) {}

  /** Stockroom writes JSON only: an Accept header must allow it (or be absent). */
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

  private Answer dispatch(Context context, Incoming incoming) throws Exception {
    String path = servicePath(context.req().getRequestURI());
    String method = context.req().getMethod().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw WebapiException.badRequest("Request method is invalid.");
    }
    Router.Match match =
        router
            .match(method, path)
            .orElseThrow(() -> new WebapiException(404, "Request does not match any route."));
    Principal principal = authorize(match.route(), method, context, incoming);
    ObjectNode query = PhpQuery.parse(context.req().getQueryString());
    RestRequest request = request(context, method, query, match, principal, incoming);
    Object body = match.route().handler().handle(request);
    JsonNode fields = query.get("fields");
    return new Answer(
        body, FieldsFilter.parse(fields != null && fields.isTextual() ? fields.textValue() : null));
  }

  /** A handler's body and the partial-response selection ({@code ?fields=}) to write it with. */
  private record Answer(Object body, FieldsFilter fields) {}

  /**
   * The path after {@code /rest} and the store code. A known store code (or {@code all}) is
   * removed; any other first segment stays, and the rest must then start with {@code /V<n>}.
   */
  private String servicePath(String requestUri) {
    String path = requestUri.substring("/rest".length());
    int end = path.indexOf('/', 1);
    String first = end < 0 ? path.substring(1) : path.substring(1, end);
    if (storeCodes.contains(first) || first.equals("all")) {
      path = end < 0 ? "" : path.substring(end);
    }
    if (!VERSIONED.matcher(path).matches()) {
      throw WebapiException.badRequest("Specified request cannot be processed.");
    }
    return path;
  }

  private Principal authorize(Route route, String method, Context context, Incoming incoming) {
    if (route.resource().equals(Route.ANONYMOUS)) {
      return null;
    }
    var request =
        new Authenticator.Request(
            context.header("Authorization"),
            method,
            context.scheme(),
            context.host(),
            context.req().getRequestURI(),
            context.req().getQueryString(),
            context.header("Content-Type"),
            () -> incoming.body(route).bytes());
    return authenticator
        .authenticate(request)
        .filter(principal -> principal.allows(route.resource()))
        .orElseThrow(() -> new AuthorizationException(route.resource()));
  }

  /**
   * Body (POST and PUT only), then the query string over it, then the path parameters. For a PUT
   * whose body is one object, the path parameters are also written into that object (the URL's code
   * wins over the body's). Where nothing is merged over the body, the route's shortcut may bind it.
   */
  private RestRequest request(
      Context context,
      String method,
      ObjectNode query,
      Router.Match match,
      Principal principal,
      Incoming incoming)
      throws IOException {
    Map<String, String> pathParameters = match.pathParameters();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    if (method.equals("POST") || method.equals("PUT")) {
      RequestBody body = incoming.body(match.route());
      if (body.length() > 0) {
        checkContentType(context.header("Content-Type"));
        BodyShortcut shortcut = match.route().shortcut();
        if (shortcut != null && query.isEmpty() && pathParameters.isEmpty()) {
          Object bound = bindShortcut(shortcut, body);
          if (bound != null) {
            return new RestRequest(data, pathParameters, principal, bound);
          }
        }
        data = decode(body);
      }
    }
    if (method.equals("PUT")
        && data.size() == 1
        && data.elements().next() instanceof ObjectNode object) {
      pathParameters.forEach((name, value) ->
          object.put(object.has(name) ? name : RestRequest.snakeCase(name), value));
    }
    data.setAll(query);
    pathParameters.forEach(data::put);
    return new RestRequest(data, pathParameters, principal, null);
  }

  /** What the shortcut binds the body to, or null if it does not take it. */
  private Object bindShortcut(BodyShortcut shortcut, RequestBody body) {
    try (JsonParser parser = body.parser(mapper.getFactory())) {
      return shortcut.bind(parser);
    } catch (IOException | RuntimeException notTaken) {
      // The general path decodes the body again and says what is wrong with it.
      return null;
    }
  }

  private static void checkContentType(String header) {
    if (header == null || header.isBlank()) {
      throw WebapiException.badRequest("Content-Type header is empty.");
    }
    var matcher = CONTENT_TYPE.matcher(header.strip());
    if (!matcher.matches()) {
      throw WebapiException.badRequest("Content-Type header is invalid.");
    }
    String charset = matcher.group(2);
    if (charset != null && !charset.strip().equalsIgnoreCase("utf-8")) {
      throw WebapiException.badRequest("UTF-8 is the only supported charset.");
    }
    String mediaType = matcher.group(1).toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw WebapiException.badRequest(
          "Server cannot understand Content-Type HTTP header media type " + mediaType);
    }
  }

  /** A JSON object body; any other JSON value binds no argument, as in Magento. */
  private ObjectNode decode(RequestBody body) {
    JsonNode decoded;
    // From a stream rather than a parser: only that way does the mapper refuse trailing text.
    try (InputStream input = body.stream()) {
      decoded = mapper.readTree(input);
    } catch (IOException | RuntimeException invalid) {
      throw WebapiException.badRequest("Decoding error.");
    }
    if (decoded instanceof ObjectNode object) {
      return object;
    }
    return JsonNodeFactory.instance.objectNode();
  }

  private void writeStream(Context context, JsonStream stream, FieldsFilter fields)
      throws IOException {
    try (JsonGenerator generator = generator(context.outputStream(), fields)) {
      stream.writeTo(generator);
    } catch (IOException | RuntimeException failure) {
      // The status line is gone; all that is left is to cut the response short.
      LOG.error("Streaming a response failed", failure);
      throw failure;
    }
  }
}
