package dev.stockroom.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table of the REST API, filled by each feature's {@code register}. It is also the one
 * place that says which ACL resource guards which route.
 */
public final class Router {
  private final List<Entry> routes = new ArrayList<>();

  /** A route with its path split once, at registration. */
  private record Entry(Route route, List<String> segments) {}

  public void get(String path, String resource, Handler handler) {
    add("GET", path, resource, handler, null, BodySize.SMALL);
  }

  public void post(String path, String resource, Handler handler) {
    add("POST", path, resource, handler, null, BodySize.SMALL);
  }

  /** A POST whose body is a list, up to the bulk limit. */
  public void postBulk(String path, String resource, Handler handler) {
    add("POST", path, resource, handler, null, BodySize.BULK);
  }

  /** A bulk POST whose handler also takes bodies bound by {@code shortcut}. */
  public void postBulk(String path, String resource, Handler handler, BodyShortcut shortcut) {
    add("POST", path, resource, handler, shortcut, BodySize.BULK);
  }

  public void put(String path, String resource, Handler handler) {
    add("PUT", path, resource, handler, null, BodySize.SMALL);
  }

  public void delete(String path, String resource, Handler handler) {
    add("DELETE", path, resource, handler, null, BodySize.SMALL);
  }

  private void add(
      String method,
      String path,
      String resource,
      Handler handler,
      BodyShortcut shortcut,
      BodySize bodySize) {
    var route = new Route(method, path, resource, handler, shortcut, bodySize);
    routes.add(new Entry(route, route.segments()));
    // Literal segments win over parameters wherever two routes could match one path.
    routes.sort(
        Comparator.comparingInt((Entry entry) -> entry.route().literalSegments()).reversed());
  }

  public List<Route> routes() {
    return routes.stream().map(Entry::route).toList();
  }

  record Match(Route route, Map<String, String> pathParameters) {}

  /** The route for a method and path (after the store code), if any. */
  Optional<Match> match(String method, String path) {
    List<String> segments = Route.split(path);
    for (Entry entry : routes) {
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
