package dev.stockroom.monitoring;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * The log format. Logs go to standard error as text ({@code logback.xml}) unless the settings ask
 * for JSON lines ({@code logback-json.xml}); either way each line of a request names its request
 * id.
 */
public final class Logging {
  private Logging() {}

  /** Switches to JSON lines; called once, before the service logs anything. */
  public static void useJsonLines() {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(Logging.class.getResource("/logback-json.xml"));
    } catch (JoranException broken) {
      throw new IllegalStateException("logback-json.xml cannot be read", broken);
    }
  }
}
