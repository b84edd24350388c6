package dev.stockroom.error;

/** A write that passed validation was refused by the data (e.g. an unknown source): 400. */
public final class CouldNotSaveException extends LocalizedException {
  public CouldNotSaveException(String template) {
    super(template);
  }
}
