package dev.stockroom.webapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Requests built from decoded data, for tests of a handler's binding without a server. */
public final class RestRequests {
  private RestRequests() {}

  public static RestRequest of(ObjectNode data) {
    return new RestRequest(null, data, Map.of(), null, null);
  }
}
