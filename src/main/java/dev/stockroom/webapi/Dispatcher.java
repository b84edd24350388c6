package dev.stockroom.webapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Principal;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.PhpQuery;
import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.error.WebapiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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

  /** {@code /async/V1/…} (one call) or {@code /async/bulk/V1/…} (a list of calls). */
  private static final Pattern ASYNC = Pattern.compile("^/async(/bulk)?(/V\\d+(?:/.*)?)$");

  private final Router router;
  private final Set<String> storeCodes;
  private final ObjectMapper mapper;
  private final IdempotencyKeys idempotencyKeys;
  private final AsyncQueue queue;
  private final Clock clock;

  /**
   * A dispatcher that answers asynchronous requests by queueing them on {@code queue}; {@code
   * clock} times the changes its calls make.
   */
  public Dispatcher(
      Router router,
      Set<String> storeCodes,
      ObjectMapper mapper,
      AsyncQueue queue,
      IdempotencyKeys idempotencyKeys,
      Clock clock) {
    this.router = router;
    this.idempotencyKeys = idempotencyKeys;
    this.storeCodes = storeCodes;
    this.mapper = mapper;
    this.queue = queue;
    this.clock = clock;
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

  /**
   * The template of the route a call names, such as {@code /V1/inventory/sources/:sourceCode} (with
   * {@code /async} or {@code /async/bulk} before it for an asynchronous call), or {@code
   * unmatched}: what metrics count requests by, rather than paths full of SKUs. A success names its
   * route; for anything else ({@code outcome} null: not dispatched) the route table is asked.
   */
  public String template(Call call, Outcome outcome) {
    Matcher async = ASYNC.matcher(call.path());
    String prefix = !async.matches() ? "" : async.group(1) == null ? "/async" : "/async/bulk";
    if (outcome instanceof Outcome.Success success && success.route() != null) {
      return prefix + success.route().path();
    }
    String method = call.method().toUpperCase(Locale.ROOT);
    Optional<Route> route =
        !async.matches()
            ? router.find(method, call.path())
            : async.group(1) == null
                ? router.find(method, async.group(2))
                : router.matchBulk(method, async.group(2));
    return route.map(each -> prefix + each.path()).orElse("unmatched");
  }

  private Outcome run(Call call) throws Exception {
    Matcher async = ASYNC.matcher(call.path());
    if (async.matches() && queue != null) {
      return accept(call, async.group(1) != null, async.group(2));
    }
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
    return once(call, principal, body, () -> invoke(route, method, match, principal, call, body));
  }

  /** Makes a synchronous call whose caller may make it. */
  private Outcome invoke(
      Route route, String method, Router.Match match, Principal principal, Call call, OnceRead body)
      throws Exception {
    ObjectNode query = PhpQuery.parse(call.query());
    RestRequest request =
        request(route, method, query, match.pathParameters(), principal, call, body);
    request.precondition(call.header("if-match"), this::tag);
    Object value =
        Database.withChangeContext(
            changeContext(principal, method + " " + route.path(), call.header("x-request-id")),
            () -> route.handler().handle(request));
    JsonNode fields = query.get("fields");
    return new Outcome.Success(
        route,
        value,
        fields != null && fields.isTextual() ? fields.textValue() : null,
        route.successStatus());
  }

  /**
   * Magento's asynchronous web API: the calls a request stands for are type-checked as the
   * synchronous route binds them, queued durably in one transaction, and answered 202 with the
   * bulk's uuid; the queue's workers make them later, as the caller. Authentication and the ACL are
   * the synchronous route's, checked now. Nothing is queued if any call is refused; in a bulk, the
   * error names the call's index.
   */
  private Outcome accept(Call call, boolean bulk, String path) throws Exception {
    String method = call.method().toUpperCase(Locale.ROOT);
    if (!isStore(call.storeCode()) || method.equals("GET")) {
      throw WebapiException.badRequest("Specified request cannot be processed.");
    }
    if (!METHODS.contains(method)) {
      throw WebapiException.badRequest("Request method is invalid.");
    }
    Route route;
    Map<String, String> pathParameters;
    if (bulk) {
      route =
          router
              .matchBulk(method, path)
              .orElseThrow(() -> new WebapiException(404, "Request does not match any route."));
      pathParameters = Map.of();
    } else {
      Router.Match match =
          router
              .match(method, path)
              .orElseThrow(() -> new WebapiException(404, "Request does not match any route."));
      route = match.route();
      pathParameters = match.pathParameters();
    }
    // A bulk is many bodies of the route: it may be as large as a list route's.
    var body = new OnceRead(call.body(), bulk ? BodySize.BULK : route.bodySize());
    Principal principal = authorize(route, call, body);
    Route target = route;
    Map<String, String> parameters = pathParameters;
    return once(
        call,
        principal,
        body,
        () -> enqueue(call, bulk, path, method, target, parameters, principal, body));
  }

  /** Checks and queues the calls of an asynchronous request whose caller may make them. */
  private Outcome enqueue(
      Call call,
      boolean bulk,
      String path,
      String method,
      Route route,
      Map<String, String> pathParameters,
      Principal principal,
      OnceRead body)
      throws Exception {
    ObjectNode query = PhpQuery.parse(call.query());
    List<ObjectNode> items = bulk ? bulkItems(call, body) : List.of(singleItem(call, body, query));
    String topic = route.service().topic(route.operation(), method);
    var operations = new ArrayList<AsyncQueue.Operation>();
    var statuses = new ArrayList<AsyncResponse.ItemStatus>();
    for (int index = 0; index < items.size(); index++) {
      ObjectNode item = items.get(index);
      if (item == null) {
        continue;
      }
      String target;
      try {
        ObjectNode arguments = item.deepCopy();
        if (bulk) {
          target = bulkTarget(route, arguments);
        } else {
          pathParameters.forEach(item::put);
          pathParameters.forEach(arguments::put);
          target = path;
        }
        ArgumentCheck.check(route, arguments);
      } catch (RuntimeException refused) {
        if (!bulk) {
          throw refused;
        }
        throw refusedItem(index, refused);
      }
      AsyncQueue.Operation operation =
          AsyncQueue.operation(index, topic, method, target, call.storeCode(), item);
      operations.add(operation);
      statuses.add(AsyncResponse.ItemStatus.accepted(index, operation.dataHash()));
    }
    String uuid = queue.enqueue(principal, "Topic " + topic, operations);
    return new Outcome.Success(route, new AsyncResponse(uuid, statuses, false), null, 202);
  }

  /**
   * Makes a queued call as the synchronous route would have been called: its arguments (Magento's
   * meta_information) are the body, less the path's parameters, which its path holds.
   */
  public Outcome dispatchQueued(
      String method, String storeCode, String path, String arguments, Caller caller) {
    boolean hasBody = method.equals("POST") || method.equals("PUT");
    Optional<Router.Match> match = router.match(method, path);
    byte[] body;
    if (match.isEmpty() || match.get().pathParameters().isEmpty()) {
      // Nothing to take out: the arguments as stored are the body (PHP's JSON is JSON).
      body = hasBody ? arguments.getBytes(StandardCharsets.UTF_8) : new byte[0];
    } else {
      ObjectNode data;
      try {
        data = (ObjectNode) mapper.readTree(arguments);
        match
            .get()
            .route()
            .pathParameters()
            .forEach(name -> {
              data.remove(name);
              data.remove(RestRequest.snakeCase(name));
            });
        body = hasBody ? mapper.writeValueAsBytes(data) : new byte[0];
      } catch (IOException | ClassCastException unreadable) {
        return new Outcome.Failure(
            400, Map.of("message", "The operation's arguments cannot be read."), unreadable);
      }
    }
    return dispatch(
        new Call(
            method,
            storeCode,
            path,
            null,
            hasBody ? "application/json" : null,
            hasBody ? BodySource.of(body) : BodySource.EMPTY,
            caller));
  }

  /** A single asynchronous call's arguments: the body with the query string over it. */
  private ObjectNode singleItem(Call call, OnceRead reader, ObjectNode query) throws IOException {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    String method = call.method().toUpperCase(Locale.ROOT);
    if (method.equals("POST") || method.equals("PUT")) {
      Body body = reader.get();
      if (body.length() > 0) {
        checkContentType(call.contentType());
        data = decode(body);
      }
    }
    data.setAll(query);
    return data;
  }

  /**
   * A bulk's calls: the body must be a JSON array of request bodies, one per call; an element that
   * is not an object is no call (null here), as in Magento.
   */
  private List<ObjectNode> bulkItems(Call call, OnceRead reader) {
    Body body = reader.get();
    if (body.length() == 0) {
      throw WebapiException.badRequest(
          "A bulk request's body is a JSON array of request bodies, one per operation.");
    }
    checkContentType(call.contentType());
    JsonNode decoded;
    try (InputStream input = body.stream()) {
      decoded = mapper.readTree(input);
    } catch (IOException | RuntimeException invalid) {
      throw WebapiException.badRequest("Decoding error.");
    }
    if (!(decoded instanceof ArrayNode array)) {
      // Magento reads each value of an object as a request body and fails on the first
      // (m2#36881); the mistake is named instead.
      throw WebapiException.badRequest(
          "A bulk request's body is a JSON array of request bodies, one per operation, such as"
              + " [{\"sourceItems\":[…]},{\"sourceItems\":[…]}]; this one is a JSON "
              + decoded.getNodeType().name().toLowerCase(Locale.ROOT)
              + ".");
    }
    var items = new ArrayList<ObjectNode>();
    array.forEach(element -> items.add(element instanceof ObjectNode object ? object : null));
    return items;
  }

  /**
   * The path of a bulk call: the route's, each {@code :name} filled from the call's body, where it
   * must be.
   */
  private static String bulkTarget(Route route, ObjectNode arguments) {
    var segments = new ArrayList<String>();
    var missing = new ArrayList<ErrorEntry>();
    for (String segment : route.segments()) {
      if (!segment.startsWith(":")) {
        segments.add(segment);
        continue;
      }
      String name = segment.substring(1);
      JsonNode value = arguments.get(name);
      if (Input.isNull(value)) {
        value = arguments.get(RestRequest.snakeCase(name));
      }
      if (Input.isNull(value) || value.isContainerNode()) {
        missing.add(InputException.required(name));
        continue;
      }
      segments.add(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    return "/" + String.join("/", segments);
  }

  /**
   * A refused call of a bulk: the bulk is refused, naming the call's index, with the call's own
   * error first in the list and its list after it.
   */
  private static ValidationException refusedItem(int index, RuntimeException refused) {
    var entries = new ArrayList<ErrorEntry>();
    switch (refused) {
      case LocalizedException localized -> {
        entries.add(new ErrorEntry(localized.template(), localized.parameters()));
        if (localized instanceof InputException input) {
          entries.addAll(input.errors());
        } else if (localized instanceof ValidationException validation) {
          entries.addAll(validation.errors());
        }
      }
      default -> entries.add(new ErrorEntry(refused.getMessage(), Parameters.NONE));
    }
    return new ValidationException(
        "Item %index of the bulk request is invalid; nothing was queued.",
        Parameters.of("index", index), entries);
  }

  /** Work that comes to an outcome. */
  @FunctionalInterface
  private interface Work {
    Outcome run() throws Exception;
  }

  /**
   * Runs {@code work} once for an {@code Idempotency-Key}: the first call runs and its answer is
   * kept (made here, as the HTTP adapter would write it); a repeat with the same request replays it
   * byte for byte. Without a key, or on GET, it just runs.
   */
  private Outcome once(Call call, Principal principal, OnceRead body, Work work) throws Exception {
    String key = call.header("idempotency-key");
    // Keys belong to a principal: an anonymous call (a sign-in) has none to keep them under, and
    // its answer (a token) is not to be stored.
    if (key == null
        || idempotencyKeys == null
        || call.method().equals("GET")
        || principal == null) {
      return work.run();
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw WebapiException.badRequest(
          "The Idempotency-Key header must be 1 to 255 visible ASCII characters.");
    }
    String owner =
        (principal.kind() == Principal.Kind.INTEGRATION ? "integration:" : "admin:")
            + principal.id();
    var earlier = idempotencyKeys.begin(owner, key, requestHash(call, body.get()));
    if (earlier.isPresent()) {
      return new Outcome.Replay(earlier.get());
    }
    Outcome outcome;
    try {
      outcome =
          Database.withCommitListener(
              idempotencyKeys.applied(owner, key),
              () -> {
                try {
                  return work.run();
                } catch (Exception failure) {
                  var error = ErrorResponses.of(failure);
                  return new Outcome.Failure(error.status(), error.body(), failure);
                }
              });
    } catch (RuntimeException failure) {
      idempotencyKeys.release(owner, key);
      throw failure;
    }
    IdempotencyKeys.Answer answer = answer(outcome);
    if (answer.status() >= 500 && idempotencyKeys.release(owner, key)) {
      return outcome;
    }
    idempotencyKeys.finish(owner, key, answer);
    return new Outcome.Replay(answer);
  }

  /** A key a client may choose: what Stripe and the IETF draft allow, printable ASCII. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  /** SHA-256 over what makes a request this request: method, store, path, query and body. */
  private static String requestHash(Call call, Body body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String head =
          call.method() + "\n" + call.storeCode() + "\n" + call.path() + "\n" + call.query() + "\n";
      digest.update(head.getBytes(StandardCharsets.UTF_8));
      try (InputStream bytes = body.stream()) {
        byte[] buffer = new byte[65_536];
        for (int read; (read = bytes.read(buffer)) > 0; ) {
          digest.update(buffer, 0, read);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException | IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * The answer the HTTP adapter writes for an outcome (JSON; no route that takes a key streams).
   */
  private IdempotencyKeys.Answer answer(Outcome outcome) throws IOException {
    return switch (outcome) {
      case Outcome.Replay replay -> replay.answer();
      case Outcome.Failure failure ->
          new IdempotencyKeys.Answer(
              failure.status(), JSON, mapper.writeValueAsBytes(failure.body()));
      case Outcome.Success success -> {
        Object value = success.value() == null ? List.of() : success.value();
        var bytes = new ByteArrayOutputStream();
        FieldsFilter fields = FieldsFilter.parse(success.fields());
        try (JsonGenerator generator = mapper.createGenerator(bytes)) {
          mapper.writeValue(fields == null ? generator : fields.wrap(generator), value);
        }
        yield new IdempotencyKeys.Answer(success.status(), JSON, bytes.toByteArray());
      }
    };
  }

  private static final String JSON = "application/json; charset=utf-8";

  /** An entity's tag: of its JSON as GET answers it. */
  public String tag(Object entity) {
    try {
      return ETags.of(mapper.writeValueAsBytes(entity));
    } catch (IOException unwritable) {
      throw new UncheckedIOException(unwritable);
    }
  }

  /** Who makes the changes of a call, and how, for the change ledger. */
  private ChangeContext changeContext(Principal principal, String via, String requestId) {
    if (principal == null) {
      return new ChangeContext("guest", null, null, via, null, requestId, clock.millis());
    }
    return new ChangeContext(
        principal.kind() == Principal.Kind.INTEGRATION ? "integration" : "admin",
        principal.id(),
        principal.name(),
        via,
        null,
        requestId,
        clock.millis());
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
    if (route.csv() && method.equals("POST")) {
      // A CSV body goes to the handler as it came; the query string holds the arguments.
      Body body = reader.get();
      checkContentType(call.contentType(), Route.CSV);
      data.setAll(query);
      pathParameters.forEach(data::put);
      return new RestRequest(route, data, pathParameters, principal, body);
    }
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
    checkContentType(header, "application/json");
  }

  private static void checkContentType(String header, String expected) {
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
    if (!mediaType.equals(expected)) {
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
