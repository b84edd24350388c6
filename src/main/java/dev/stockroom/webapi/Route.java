package dev.stockroom.webapi;

import dev.stockroom.binding.PhpQuery;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One REST route, as declared in its feature's route table: Magento's method and path (after {@code
 * /rest[/<store>]}), the ACL resource that guards it ({@link #ANONYMOUS} for none), the service
 * method it stands for, the arguments it binds, the type it returns (null for a void operation),
 * the exceptions it may throw, how large its body may be, its handler, the handler's body shortcut
 * (null for none), whether its body is CSV rather than JSON (Stockroom's import and export), and
 * the status of its success (200, or 202 for a request it accepts to run later). The schema
 * documents are generated from these declarations.
 */
public record Route(
    String method,
    String path,
    String resource,
    Service service,
    String operation,
    String description,
    List<Argument> arguments,
    ApiType returns,
    List<Class<? extends RuntimeException>> throwing,
    BodySize bodySize,
    Handler<?> handler,
    BodyShortcut shortcut,
    boolean csv,
    int successStatus,
    boolean tagged) {
  public static final String ANONYMOUS = "anonymous";

  /** CSV's media type: the body a {@code csv} route takes (POST) or writes (GET). */
  public static final String CSV = "text/csv";

  /** The argument of this name, if the route declares one. */
  public Optional<Argument> argument(String name) {
    return arguments.stream().filter(argument -> argument.name().equals(name)).findFirst();
  }

  /** The names of the path's parameters, in order ({@code :sourceCode} gives sourceCode). */
  public List<String> pathParameters() {
    return segments().stream()
        .filter(segment -> segment.startsWith(":"))
        .map(segment -> segment.substring(1))
        .toList();
  }

  List<String> segments() {
    return split(path);
  }

  /**
   * Path parameters if the request's segments match the route's: literals case-sensitively, {@code
   * :name} any.
   */
  static Optional<Map<String, String>> match(List<String> pattern, List<String> requestSegments) {
    if (pattern.size() != requestSegments.size()) {
      return Optional.empty();
    }
    var parameters = new LinkedHashMap<String, String>();
    for (int index = 0; index < pattern.size(); index++) {
      String expected = pattern.get(index);
      String actual = requestSegments.get(index);
      if (expected.startsWith(":")) {
        parameters.put(expected.substring(1), PhpQuery.urldecode(actual));
      } else if (!expected.equals(actual)) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  int literalSegments() {
    return (int) segments().stream().filter(segment -> !segment.startsWith(":")).count();
  }

  /** Magento trims slashes and splits on the rest; empty inner segments count. */
  static List<String> split(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    String trimmed = path.substring(start, end);
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/", -1));
  }
}
