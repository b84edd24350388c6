package dev.stockroom.error;

/** Sign-in or request signature refused: 401. */
public final class AuthenticationException extends LocalizedException {
  public AuthenticationException(String template) {
    super(template);
  }

  public AuthenticationException(String template, Parameters parameters) {
    super(template, parameters);
  }
}
