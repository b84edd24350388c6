package dev.stockroom.error;

import java.util.List;

/**
 * Magento's aggregate input error: one error becomes the message itself; from two on the message is
 * generic and the errors are listed.
 */
public final class InputException extends LocalizedException {
  private static final String SEVERAL = "One or more input exceptions have occurred.";
  private final List<ErrorEntry> errors;

  private InputException(String template, Parameters parameters, List<ErrorEntry> errors) {
    super(template, parameters);
    this.errors = errors;
  }

  public static InputException of(List<ErrorEntry> errors) {
    if (errors.size() == 1) {
      ErrorEntry only = errors.get(0);
      return new InputException(only.template(), only.parameters(), List.of());
    }
    return new InputException(SEVERAL, Parameters.NONE, List.copyOf(errors));
  }

  public static InputException of(String template) {
    return new InputException(template, Parameters.NONE, List.of());
  }

  public static InputException requiredField(String fieldName) {
    return of(List.of(required(fieldName)));
  }

  public static ErrorEntry required(String fieldName) {
    return new ErrorEntry(
        "\"%fieldName\" is required. Enter and try again.", Parameters.of("fieldName", fieldName));
  }

  public List<ErrorEntry> errors() {
    return errors;
  }
}
