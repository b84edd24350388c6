package dev.stockroom.error;

/** A delete the data does not allow (e.g. the default stock): 400. */
public final class CouldNotDeleteException extends LocalizedException {
  public CouldNotDeleteException(String template) {
    super(template);
  }
}
