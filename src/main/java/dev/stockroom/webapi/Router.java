package dev.stockroom.webapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table of the REST API, filled by each feature's {@code register}. It is also the one
 * place that says which ACL resource guards which route. Routes are declared at start-up; the table
 * is fixed the first time it is read.
 */
public final class Router {
  private final List<RouteSpec<?>> specs = new ArrayList<>();
  private volatile Table table;

  /** The routes as declared, and with their paths split, in the order they are matched. */
  private record Table(List<Route> declared, List<Entry> byPrecedence) {}

  private record Entry(Route route, List<String> segments) {}

  public <T> RouteSpec<T> get(String path, String resource, Handler<T> handler) {
    return add("GET", path, resource, handler);
  }

  public <T> RouteSpec<T> post(String path, String resource, Handler<T> handler) {
    return add("POST", path, resource, handler);
  }

  public <T> RouteSpec<T> put(String path, String resource, Handler<T> handler) {
    return add("PUT", path, resource, handler);
  }

  public <T> RouteSpec<T> delete(String path, String resource, Handler<T> handler) {
    return add("DELETE", path, resource, handler);
  }

  private synchronized <T> RouteSpec<T> add(
      String method, String path, String resource, Handler<T> handler) {
    if (table != null) {
      throw new IllegalStateException("Routes are declared before the table is read: " + path);
    }
    var spec = new RouteSpec<>(method, path, resource, handler);
    specs.add(spec);
    return spec;
  }

  /** Every route, in the order declared. */
  public List<Route> routes() {
    return table().declared();
  }

  private Table table() {
    Table built = table;
    if (built == null) {
      synchronized (this) {
        if (table == null) {
          List<Route> declared = specs.stream().<Route>map(RouteSpec::build).toList();
          var entries = new ArrayList<Entry>();
          declared.forEach(route -> entries.add(new Entry(route, route.segments())));
          // Literal segments win over parameters wherever two routes could match one path.
          entries.sort(
              Comparator.comparingInt((Entry entry) -> entry.route().literalSegments()).reversed());
          table = new Table(declared, List.copyOf(entries));
        }
        built = table;
      }
    }
    return built;
  }

  record Match(Route route, Map<String, String> pathParameters) {}

  /**
   * The route a bulk asynchronous call names: bulk paths have no parameters, each {@code :name} of
   * the route written {@code byName} ({@code /V1/inventory/sources/bySourceCode}); the values come
   * from each operation's body.
   */
  Optional<Route> matchBulk(String method, String path) {
    List<String> segments = Route.split(path);
    for (Entry entry : table().byPrecedence()) {
      if (entry.route().method().equals(method)
          && bulkSegments(entry.segments()).equals(segments)) {
        return Optional.of(entry.route());
      }
    }
    return Optional.empty();
  }

  /** A route's segments as a bulk path writes them. */
  static List<String> bulkSegments(List<String> segments) {
    return segments.stream()
        .map(segment ->
            segment.startsWith(":")
                ? "by" + Character.toUpperCase(segment.charAt(1)) + segment.substring(2)
                : segment)
        .toList();
  }

  /** The route a method and path (after the store code) name, if any. */
  public Optional<Route> find(String method, String path) {
    return match(method, path).map(Match::route);
  }

  /** The route for a method and path (after the store code), if any. */
  Optional<Match> match(String method, String path) {
    List<String> segments = Route.split(path);
    for (Entry entry : table().byPrecedence()) {
      if (entry.route().method().equals(method)) {
        Optional<Map<String, String>> parameters = Route.match(entry.segments(), segments);
        if (parameters.isPresent()) {
          return Optional.of(new Match(entry.route(), parameters.get()));
        }
      }
    }
    return Optional.empty();
  }
}
