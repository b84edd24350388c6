package dev.stockroom.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters {@code GET /metrics} shows in Prometheus' text format: the JVM's (memory, GC, threads,
 * classes, CPU, uptime), the connection pool's, the requests' (see {@link RequestLog}), and
 * Stockroom's own, which read the database when scraped.
 */
public final class Metrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A gauge read when scraped. A reading that fails (the database is down) shows as NaN and is
   * logged, rather than failing the scrape.
   */
  public void gauge(String name, String description, String unit, DoubleSupplier reading) {
    Gauge.builder(name, () -> read(name, reading))
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }

  /**
   * A counter kept by the code it counts, read from {@code state} when scraped. Micrometer holds
   * {@code state} weakly: it must live as long as the service (a store, not a lambda).
   */
  public <T> void counter(String name, String description, T state, ToLongFunction<T> count) {
    FunctionCounter.builder(name, state, each -> count.applyAsLong(each))
        .description(description)
        .register(registry);
  }

  private static double read(String name, DoubleSupplier reading) {
    try {
      return reading.getAsDouble();
    } catch (RuntimeException failure) {
      LOG.warn("Reading the metric {} failed: {}", name, failure.getMessage());
      return Double.NaN;
    }
  }

  /** Every meter, in Prometheus' text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
