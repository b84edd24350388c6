package dev.stockroom.async;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the bulks whose operations all finished longer ago than the retention, once an hour (and
 * at start), as Magento's bulk cleanup cron does with its "Bulk Actions Lifetime".
 */
public final class BulkRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BulkRetention.class);
  private static final Duration EVERY = Duration.ofHours(1);

  private final ScheduledExecutorService scheduler;

  private BulkRetention(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  public static BulkRetention schedule(BulkStore store, Clock clock, Duration retention) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bulk-retention").factory());
    scheduler.scheduleWithFixedDelay(
        () -> run(store, clock, retention), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return new BulkRetention(scheduler);
  }

  private static void run(BulkStore store, Clock clock, Duration retention) {
    try {
      int deleted = store.deleteFinishedBefore(clock.millis() - retention.toMillis());
      if (deleted > 0) {
        LOG.info("Deleted {} finished bulk(s) older than {}", deleted, retention);
      }
    } catch (RuntimeException failure) {
      // The next run tries again; a database outage must not end the schedule.
      LOG.warn("Deleting finished bulks failed: {}", failure.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
