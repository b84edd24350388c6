package dev.stockroom.webapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Principal;
import dev.stockroom.binding.Input;
import dev.stockroom.error.ConflictException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A routed request: its arguments (the JSON body merged with the query string and the path
 * parameters, as Magento merges them) and the caller.
 */
public final class RestRequest {
  private final Route route;
  private final ObjectNode data;
  private final Map<String, String> pathParameters;
  private final Principal principal;
  private final Object shortcutBody;
  private String ifMatch;
  private Function<Object, String> tagOf;

  RestRequest(
      Route route,
      ObjectNode data,
      Map<String, String> pathParameters,
      Principal principal,
      Object shortcutBody) {
    this.route = route;
    this.data = data;
    this.pathParameters = pathParameters;
    this.principal = principal;
    this.shortcutBody = shortcutBody;
  }

  /**
   * What the route's {@link BodyShortcut} bound the body to; null when it did not take the body,
   * and the arguments are then in the request's data.
   */
  public Object shortcutBody() {
    return shortcutBody;
  }

  /** The body of a CSV route, as it came. */
  public Body csvBody() {
    if (!route.csv() || !(shortcutBody instanceof Body body)) {
      throw new IllegalStateException(route.path() + " takes no CSV body");
    }
    return body;
  }

  /** An argument by its name as declared ({@code sourceItems}) or in snake_case; null if absent. */
  public JsonNode argument(String name) {
    // A handler reads only what its route declares, so that the schema lists every argument.
    assert route == null || route.argument(name).isPresent()
        : route.method() + " " + route.path() + " does not declare the argument " + name;
    JsonNode value = data.get(name);
    if (Input.isNull(value)) {
      value = data.get(snakeCase(name));
    }
    return Input.isNull(value) ? null : value;
  }

  /** Refuses the request, naming every required argument that is absent or null. */
  public void requireArguments(String... names) {
    var missing = new ArrayList<ErrorEntry>();
    for (String name : names) {
      if (argument(name) == null) {
        missing.add(InputException.required(name));
      }
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
  }

  public String stringArgument(String name) {
    return Input.string(argument(name), name);
  }

  /**
   * An int argument, such as a {@code stockId} path parameter; 0 when absent, as PHP casts null.
   */
  public long integerArgument(String name) {
    Long value = Input.integer(argument(name), name);
    return value == null ? 0 : value;
  }

  public String pathParameter(String name) {
    return pathParameters.get(name);
  }

  /** The call's If-Match, and how to tag an entity as the route's GET does. */
  void precondition(String ifMatch, Function<Object, String> tagOf) {
    this.ifMatch = ifMatch;
    this.tagOf = tagOf;
  }

  /** Whether the call is conditional: it sent {@code If-Match}. */
  public boolean conditional() {
    return ifMatch != null;
  }

  /**
   * Refuses a conditional call (412, nothing written) unless the entity as it is now ({@code
   * entity}, null if there is none) has a tag its If-Match names. A write reads the entity in its
   * unit of work with the entity locked, so that nothing changes it between check and write.
   */
  public void requireMatch(Object entity) {
    if (ifMatch == null) {
      return;
    }
    String tag = entity == null ? null : tagOf.apply(entity);
    if (!ETags.matches(ifMatch, tag)) {
      throw new ConflictException(
          412,
          "The entity has changed since it was read: its ETag is %etag, not %expected. Read it"
              + " again and retry.",
          Parameters.of("etag", tag == null ? "(none)" : tag, "expected", ifMatch),
          List.of());
    }
  }

  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  static String snakeCase(String camel) {
    var snake = new StringBuilder(camel.length() + 4);
    for (char character : camel.toCharArray()) {
      if (Character.isUpperCase(character)) {
        snake.append('_').append(Character.toLowerCase(character));
      } else {
        snake.append(character);
      }
    }
    return snake.toString();
  }
}
