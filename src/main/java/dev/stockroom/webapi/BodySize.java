package dev.stockroom.webapi;

/** How large a route's body may be; the HTTP adapter holds the limit of each. */
public enum BodySize {
  /** One entity, a token request: the small limit. */
  SMALL,
  /** A list of entities (source items, links, reservations): the bulk limit. */
  BULK
}
