package dev.stockroom.error;

/**
 * An expected failure with a Magento message template. The template travels raw (placeholders
 * unsubstituted) and its values travel separately, as Magento's REST errors do.
 */
public class LocalizedException extends RuntimeException {
  private final String template;
  private final Parameters parameters;

  public LocalizedException(String template, Parameters parameters) {
    super(parameters.render(template), null, false, false);
    this.template = template;
    this.parameters = parameters;
  }

  public LocalizedException(String template) {
    this(template, Parameters.NONE);
  }

  public String template() {
    return template;
  }

  public Parameters parameters() {
    return parameters;
  }
}
