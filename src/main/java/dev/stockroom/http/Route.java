package dev.stockroom.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One REST route: Magento's method and path (after {@code /rest[/<store>]}), the ACL resource that
 * guards it ({@link #ANONYMOUS} for none), its handler, the handler's body shortcut (null for
 * none), and how large its body may be.
 */
public record Route(
    String method,
    String path,
    String resource,
    Handler handler,
    BodyShortcut shortcut,
    BodySize bodySize) {
  public static final String ANONYMOUS = "anonymous";

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
