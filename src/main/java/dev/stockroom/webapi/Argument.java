package dev.stockroom.webapi;

/**
 * An argument a route binds, with Magento's (camelCase) name and type. Path parameters are
 * arguments too; the others come from the query string (GET) or the body (POST, PUT).
 */
public record Argument(String name, ApiType type, boolean required, String description) {
  public static Argument required(String name, ApiType type) {
    return new Argument(name, type, true, "");
  }

  public static Argument optional(String name, ApiType type) {
    return new Argument(name, type, false, "");
  }
}
