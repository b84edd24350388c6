package dev.stockroom.error;

/** The addressed entity does not exist: 404. */
public final class NoSuchEntityException extends LocalizedException {
  public NoSuchEntityException(String template, Parameters parameters) {
    super(template, parameters);
  }
}
