package dev.stockroom;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has been kept long enough, once an hour and at start: finished bulks (as Magento's
 * bulk cleanup cron with its "Bulk Actions Lifetime"), expired idempotency keys, and ledger rows
 * older than the ledger's retention where one is set.
 */
final class Retention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private static final Duration EVERY = Duration.ofHours(1);

  /** One kind of data to delete: what it deletes (for the log), and the deletion (how many). */
  record Purge(String what, IntSupplier delete) {}

  private final ScheduledExecutorService scheduler;

  private Retention(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  static Retention schedule(List<Purge> purges) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("retention").factory());
    scheduler.scheduleWithFixedDelay(
        () -> purges.forEach(Retention::run), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return new Retention(scheduler);
  }

  private static void run(Purge purge) {
    try {
      int deleted = purge.delete().getAsInt();
      if (deleted > 0) {
        LOG.info("Deleted {} {}", deleted, purge.what());
      }
    } catch (RuntimeException failure) {
      // The next run tries again; a database outage must not end the schedule.
      LOG.warn("Deleting {} failed: {}", purge.what(), failure.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
