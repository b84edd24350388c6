package dev.stockroom.webapi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One call of the web API, without HTTP: the method, the store code of the URL (null where the path
 * starts at the version), the service path ({@code /V1/inventory/source-items}), the raw query
 * string (null for none), the body's content type (null for none), the body, the caller, and the
 * request headers Stockroom reads (by lower-case name: {@code x-request-id}, {@code
 * idempotency-key}, {@code if-match}).
 */
public record Call(
    String method,
    String storeCode,
    String path,
    String query,
    String contentType,
    BodySource body,
    Caller caller,
    Map<String, String> headers) {

  /** The call without headers. */
  public Call(
      String method,
      String storeCode,
      String path,
      String query,
      String contentType,
      BodySource body,
      Caller caller) {
    this(method, storeCode, path, query, contentType, body, caller, Map.of());
  }

  /** A header's value by lower-case name, or null. */
  public String header(String name) {
    return headers.get(name);
  }

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
