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
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

  /** Refused bodies up to this size are read and dropped, so that the client gets the answer. */
  private static final long DRAIN_LIMIT = 512L * 1024 * 1024;

  private static final Pattern VERSIONED = Pattern.compile("^/V\\d+(/.*)?$");
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("^([a-z\\d/\\-+.]+)(?:; *charset=(.+))?$", Pattern.CASE_INSENSITIVE);

  private final Router router;
  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final Set<String> storeCodes;
  private final long maxRequestBytes;

  public RestApi(
      Router router,
      Authenticator authenticator,
      ObjectMapper mapper,
      Set<String> storeCodes,
      long maxRequestBytes) {
    this.router = router;
    this.authenticator = authenticator;
    this.mapper = mapper;
    this.storeCodes = storeCodes;
    this.maxRequestBytes = maxRequestBytes;
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
      context
          .status(406)
          .contentType(JSON)
          .result(mapper.writeValueAsBytes(Map.of("messages", Map.of("error", List.of(error)))));
      return;
    }
    Answer answer;
    try {
      answer = dispatch(context);
    } catch (Exception failure) {
      discardUnreadBody(context);
      var error = ErrorResponses.of(failure);
      context
          .status(error.status())
          .contentType(JSON)
          .result(mapper.writeValueAsBytes(error.body()));
      return;
    }
    // A GET or DELETE may carry a body it does not use.
    discardUnreadBody(context);
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
   * A request answered without reading its whole body (refused early, or a method whose body is
   * ignored): read the rest and drop it (up to a bound; beyond it, close the connection), or a
   * client still sending would miss the answer.
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
    try {
      context.req().getInputStream().transferTo(OutputStream.nullOutputStream());
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

  private Answer dispatch(Context context) throws Exception {
    String path = servicePath(context.req().getRequestURI());
    String method = context.req().getMethod().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw WebapiException.badRequest("Request method is invalid.");
    }
    Router.Match match =
        router
            .match(method, path)
            .orElseThrow(() -> new WebapiException(404, "Request does not match any route."));
    Principal principal = authorize(match.route(), method, context);
    ObjectNode query = PhpQuery.parse(context.req().getQueryString());
    RestRequest request = request(context, method, query, match, principal);
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

  private Principal authorize(Route route, String method, Context context) {
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
            context::bodyAsBytes);
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
      Context context, String method, ObjectNode query, Router.Match match, Principal principal)
      throws IOException {
    Map<String, String> pathParameters = match.pathParameters();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    if (method.equals("POST") || method.equals("PUT")) {
      byte[] bytes = body(context);
      if (bytes.length > 0) {
        checkContentType(context.header("Content-Type"));
        BodyShortcut shortcut = match.route().shortcut();
        if (shortcut != null && query.isEmpty() && pathParameters.isEmpty()) {
          Object bound = bindShortcut(shortcut, bytes);
          if (bound != null) {
            return new RestRequest(data, pathParameters, principal, bound);
          }
        }
        data = decode(bytes);
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
  private Object bindShortcut(BodyShortcut shortcut, byte[] bytes) {
    try (JsonParser parser = mapper.createParser(bytes)) {
      return shortcut.bind(parser);
    } catch (IOException | RuntimeException notTaken) {
      // The general path decodes the body again and says what is wrong with it.
      return null;
    }
  }

  /** The body, refused with a Magento-shaped 413 when it is larger than the limit. */
  private byte[] body(Context context) {
    String tooLarge = "The request body is larger than the " + maxRequestBytes + " bytes allowed.";
    if (context.req().getContentLengthLong() > maxRequestBytes) {
      throw new WebapiException(413, tooLarge);
    }
    try {
      return context.bodyAsBytes();
    } catch (HttpResponseException overLimit) {
      // A body without Content-Length that grew past the limit while it was read.
      throw new WebapiException(413, tooLarge);
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
  private ObjectNode decode(byte[] body) {
    JsonNode decoded;
    try {
      decoded = mapper.readTree(body);
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
