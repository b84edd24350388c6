package dev.stockroom.error;

/**
 * The caller may not use the route: 401 for a missing, unknown or expired credential and for one
 * lacking the route's ACL resource alike, as Magento (it never answers 403).
 */
public final class AuthorizationException extends LocalizedException {
  public AuthorizationException(String resource) {
    super(
        "The consumer isn't authorized to access %resources.",
        Parameters.of("resources", resource));
  }
}
