package dev.stockroom.error;

import java.util.List;

/** Validators refused the input: 400 with every error found listed in {@code errors}. */
public final class ValidationException extends LocalizedException {
  private final List<ErrorEntry> errors;

  public ValidationException(String message, List<ErrorEntry> errors) {
    this(message, Parameters.NONE, errors);
  }

  public ValidationException(String message, Parameters parameters, List<ErrorEntry> errors) {
    super(message, parameters);
    this.errors = List.copyOf(errors);
  }

  public List<ErrorEntry> errors() {
    return errors;
  }
}
