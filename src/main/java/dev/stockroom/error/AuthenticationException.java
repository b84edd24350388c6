package dev.stockroom.error;

/** Sign-in refused: 401. */
public final class AuthenticationException extends LocalizedException {
  public AuthenticationException(String template) {
    super(template);
  }
}
