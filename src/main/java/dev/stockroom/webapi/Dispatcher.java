package dev.stockroom.webapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Principal;
import dev.stockroom.binding.PhpQuery;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.WebapiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Magento's REST front controller without HTTP: a {@link Call} passes the same steps in Magento's
 * order, so that the same mistake gets the same error however the call arrives (an unknown route is
 * a 404 even without a token; a bad body without a token is a 401, not a 400). The HTTP adapter, a
 * test and a background worker all call it the same way.
 */
public final class Dispatcher {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
  private static final Pattern VERSIONED = Pattern.compile("^/V\\d+(/.*)?$");
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("^([a-z\\d/\\-+.]+)(?:; *charset=(.+))?$", Pattern.CASE_INSENSITIVE);

  private final Router router;
  private final Set<String> storeCodes;
  private final ObjectMapper mapper;

  public Dispatcher(Router router, Set<String> storeCodes, ObjectMapper mapper) {
    this.router = router;
    this.storeCodes = storeCodes;
    this.mapper = mapper;
  }

  public Router router() {
    return router;
  }

  public Outcome dispatch(Call call) {
    try {
      return run(call);
    } catch (Exception failure) {
      var error = ErrorResponses.of(failure);
      return new Outcome.Failure(error.status(), error.body(), failure);
    }
  }

  private Outcome run(Call call) throws Exception {
    checkStore(call.storeCode(), call.path());
    String method = call.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw WebapiException.badRequest("Request method is invalid.");
    }
    Router.Match match =
        router
            .match(method, call.path())
            .orElseThrow(() -> new WebapiException(404, "Request does not match any route."));
    Route route = match.route();
    var body = new OnceRead(call.body(), route.bodySize());
    Principal principal = authorize(route, call, body);
    ObjectNode query = PhpQuery.parse(call.query());
    RestRequest request =
        request(route, method, query, match.pathParameters(), principal, call, body);
    Object value = route.handler().handle(request);
    JsonNode fields = query.get("fields");
    return new Outcome.Success(
        route, value, fields != null && fields.isTextual() ? fields.textValue() : null);
  }

  /** Whether a URL's store code is known: a store's, {@code all}, or none (the default store). */
  public boolean isStore(String storeCode) {
    return storeCode == null || storeCodes.contains(storeCode) || storeCode.equals("all");
  }

  /**
   * A known store code (or {@code all}) or none; then the path must start with {@code /V<n>}.
   * Magento refuses both the same way.
   */
  private void checkStore(String storeCode, String path) {
    if (!isStore(storeCode) || !VERSIONED.matcher(path).matches()) {
      throw WebapiException.badRequest("Specified request cannot be processed.");
    }
  }

  private static Principal authorize(Route route, Call call, OnceRead body) {
    if (route.resource().equals(Route.ANONYMOUS)) {
      return null;
    }
    return call.caller()
        .principal(() -> body.get().bytes())
        .filter(principal -> principal.allows(route.resource()))
        .orElseThrow(() -> new AuthorizationException(route.resource()));
  }

  /**
   * Body (POST and PUT only), then the query string over it, then the path parameters. For a PUT
   * whose body is one object, the path parameters are also written into that object (the URL's code
   * wins over the body's). Where nothing is merged over the body, the route's shortcut may bind it.
   */
  private RestRequest request(
      Route route,
      String method,
      ObjectNode query,
      Map<String, String> pathParameters,
      Principal principal,
      Call call,
      OnceRead reader)
      throws IOException {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    if (method.equals("POST") || method.equals("PUT")) {
      Body body = reader.get();
      if (body.length() > 0) {
        checkContentType(call.contentType());
        BodyShortcut shortcut = route.shortcut();
        if (shortcut != null && query.isEmpty() && pathParameters.isEmpty()) {
          Object bound = bindShortcut(shortcut, body);
          if (bound != null) {
            return new RestRequest(route, data, pathParameters, principal, bound);
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
    return new RestRequest(route, data, pathParameters, principal, null);
  }

  /** What the shortcut binds the body to, or null if it does not take it. */
  private Object bindShortcut(BodyShortcut shortcut, Body body) {
    try (InputStream input = body.stream();
        JsonParser parser = mapper.createParser(input)) {
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
  private ObjectNode decode(Body body) {
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

  /** The call's body, read at most once, with the route's size. */
  private static final class OnceRead {
    private final BodySource source;
    private final BodySize size;
    private Body body;

    OnceRead(BodySource source, BodySize size) {
      this.source = source;
      this.size = size;
    }

    Body get() {
      if (body == null) {
        body = source.read(size);
      }
      return body;
    }
  }
}
