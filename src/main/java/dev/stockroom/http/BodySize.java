package dev.stockroom.http;

/** How large a route's body may be: see {@link HttpLimits}. */
public enum BodySize {
  /** One entity, a token request: the small limit. */
  SMALL,
  /** A list of entities (source items, links, reservations): the bulk limit. */
  BULK
}
