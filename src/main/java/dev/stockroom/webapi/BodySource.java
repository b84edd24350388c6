package dev.stockroom.webapi;

/**
 * Where a call's body comes from. It is read only once the route is known, since the route says how
 * large it may be, and only by the routes that take one (POST and PUT).
 */
@FunctionalInterface
public interface BodySource {
  BodySource EMPTY = size -> Body.of(new byte[0]);

  Body read(BodySize size);

  static BodySource of(byte[] bytes) {
    Body body = Body.of(bytes);
    return size -> body;
  }
}
