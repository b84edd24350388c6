package dev.stockroom.error;

/**
 * A framework-level refusal (routing, decoding, type coercion). Magento renders these messages
 * before throwing, so they carry no {@code parameters}.
 */
public final class WebapiException extends RuntimeException {
  private final int status;

  public WebapiException(int status, String renderedMessage) {
    super(renderedMessage, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static WebapiException badRequest(String renderedMessage) {
    return new WebapiException(400, renderedMessage);
  }

  /** Magento's message for a value that cannot be coerced to the declared type. */
  public static WebapiException typeMismatch(String field, String value, String expectedType) {
    return badRequest(
        "Error occurred during \""
            + field
            + "\" processing. The \""
            + value
            + "\" value's type is invalid. The \""
            + expectedType
            + "\" type was expected. Verify and try again.");
  }
}
