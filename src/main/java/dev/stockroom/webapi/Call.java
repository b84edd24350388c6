package dev.stockroom.webapi;

import java.nio.charset.StandardCharsets;

/**
 * One call of the web API, without HTTP: the method, the store code of the URL (null where the path
 * starts at the version), the service path ({@code /V1/inventory/source-items}), the raw query
 * string (null for none), the body's content type (null for none), the body, and the caller.
 */
public record Call(
    String method,
    String storeCode,
    String path,
    String query,
    String contentType,
    BodySource body,
    Caller caller) {

  /**
   * A call with a JSON body (or none, for a null body), as a test or a stored operation makes it.
   */
  public static Call of(String method, String path, String query, String json, Caller caller) {
    return new Call(
        method,
        null,
        path,
        query,
        json == null ? null : "application/json",
        json == null ? BodySource.EMPTY : BodySource.of(json.getBytes(StandardCharsets.UTF_8)),
        caller);
  }
}
