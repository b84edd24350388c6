package dev.stockroom.webapi;

import java.util.ArrayList;
import java.util.List;

/**
 * A route being declared: {@link Router} starts it with its method, path, resource and handler, and
 * the feature's route table goes on to name its service, arguments, result and exceptions.
 */
public final class RouteSpec<T> {
  private final String method;
  private final String path;
  private final String resource;
  private final Handler<T> handler;
  private Service service;
  private String operation = "execute";
  private String description = "";
  private final List<Argument> arguments = new ArrayList<>();
  private ApiType returns;
  private final List<Class<? extends RuntimeException>> throwing = new ArrayList<>();
  private BodySize bodySize = BodySize.SMALL;
  private BodyShortcut shortcut;
  private boolean csv;
  private boolean tagged;
  private int successStatus = 200;

  RouteSpec(String method, String path, String resource, Handler<T> handler) {
    this.method = method;
    this.path = path;
    this.resource = resource;
    this.handler = handler;
  }

  /** The service and its method this route stands for, and the method's description. */
  public RouteSpec<T> service(Service service, String operation, String description) {
    this.service = service;
    this.operation = operation;
    this.description = description;
    return this;
  }

  public RouteSpec<T> required(String name, ApiType type) {
    arguments.add(Argument.required(name, type));
    return this;
  }

  public RouteSpec<T> optional(String name, ApiType type) {
    arguments.add(Argument.optional(name, type));
    return this;
  }

  public RouteSpec<T> returns(ApiType type) {
    this.returns = type;
    return this;
  }

  /** The exceptions the service method declares, in Magento's order: the schema's error answers. */
  @SafeVarargs
  public final RouteSpec<T> throwing(Class<? extends RuntimeException>... exceptions) {
    throwing.addAll(List.of(exceptions));
    return this;
  }

  /** The body is a list (source items, links): it may be as large as the bulk limit. */
  public RouteSpec<T> bulk() {
    this.bodySize = BodySize.BULK;
    return this;
  }

  /** A fast binding of the body shape clients nearly always send; see {@link BodyShortcut}. */
  public RouteSpec<T> shortcut(BodyShortcut shortcut) {
    this.shortcut = shortcut;
    return this;
  }

  /** The body is CSV: the request's (a POST, read raw) or the answer's (a GET). */
  public RouteSpec<T> csv() {
    this.csv = true;
    return this;
  }

  /**
   * The answer is an entity that carries an {@code ETag} (a hash of its JSON), which a write's
   * {@code If-Match} can name.
   */
  public RouteSpec<T> tagged() {
    this.tagged = true;
    return this;
  }

  /** Success is 202 Accepted: the work is queued, and its bulk's status tells how it goes. */
  public RouteSpec<T> accepted() {
    this.successStatus = 202;
    return this;
  }

  Route build() {
    if (service == null) {
      throw new IllegalStateException(method + " " + path + " names no service");
    }
    return new Route(
        method,
        path,
        resource,
        service,
        operation,
        description,
        List.copyOf(arguments),
        returns,
        List.copyOf(throwing),
        bodySize,
        handler,
        shortcut,
        csv,
        successStatus,
        tagged);
  }
}
