package dev.stockroom.error;

/** One entry of the {@code errors} list of an error body. */
public record ErrorEntry(String template, Parameters parameters) {
  public String rendered() {
    return parameters.render(template);
  }

  /** An error about one field, named by its snake_case key: {@code {"field": "sku"}}. */
  public static ErrorEntry forField(String template, String field) {
    return new ErrorEntry(template, Parameters.of("field", field));
  }

  /** Stockroom's error for text longer than the column Magento stores it in. */
  public static ErrorEntry tooLong(String field, int maxCharacters) {
    return new ErrorEntry(
        "\"%field\" can not be longer than %max characters.",
        Parameters.of("field", field, "max", maxCharacters));
  }

  /** Stockroom's error for a number outside the range Magento's column holds. */
  public static ErrorEntry outOfRange(String field, Object min, Object max) {
    return new ErrorEntry(
        "\"%field\" must be between %min and %max.",
        Parameters.of("field", field, "min", min, "max", max));
  }
}
