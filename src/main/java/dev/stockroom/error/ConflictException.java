package dev.stockroom.error;

import java.util.List;

/**
 * The request was valid but the data is not in the state it expects (an adjustment's expected
 * quantity, an entity changed since it was read): 409, or the status given, with the details of
 * every conflict in {@code errors}.
 */
public final class ConflictException extends LocalizedException {
  private final int status;
  private final List<ErrorEntry> errors;

  public ConflictException(
      int status, String template, Parameters parameters, List<ErrorEntry> errors) {
    super(template, parameters);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public ConflictException(String template, Parameters parameters, List<ErrorEntry> errors) {
    this(409, template, parameters, errors);
  }

  public int status() {
    return status;
  }

  public List<ErrorEntry> errors() {
    return errors;
  }
}
