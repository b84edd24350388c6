package dev.stockroom.webapi;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A route's fast binding of the body shape its clients nearly always send, read straight from the
 * parser's tokens into records instead of through a JSON tree and maps. It answers null (or throws)
 * for any body it does not take; that body then goes the general way, which applies every binding
 * rule and reports what is wrong with it. A shortcut is tried only where the body is all the
 * request's data: no query string and no path parameters merged over it.
 */
@FunctionalInterface
public interface BodyShortcut {
  Object bind(JsonParser body) throws IOException;
}
