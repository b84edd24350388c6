package dev.stockroom.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads the caller from the Authorization header: {@code Bearer <admin token>}. */
public final class Authenticator {
  private static final String BEARER = "bearer ";
  private final AdminTokenStore tokens;

  public Authenticator(AdminTokenStore tokens) {
    this.tokens = tokens;
  }

  public Optional<Principal> authenticate(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    String token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : tokens.principal(token);
  }
}
