package dev.stockroom.reservation;

import dev.stockroom.db.Database;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Magento's daily reservation cleanup (cron inventory_cleanup_reservations), every configured
 * interval. Several instances may each run it: it deletes only groups that sum to zero, so running
 * it twice deletes nothing more.
 */
public final class ReservationCleanup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationCleanup.class);

  private final ScheduledExecutorService scheduler;

  private ReservationCleanup(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts the schedule, every {@code interval}; none where the interval is null (off). */
  public static ReservationCleanup schedule(
      Database database, ReservationStore store, Duration interval) {
    if (interval == null) {
      return new ReservationCleanup(null);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reservation-cleanup").factory());
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> run(database, store), every, every, TimeUnit.MILLISECONDS);
    return new ReservationCleanup(scheduler);
  }

  private static void run(Database database, ReservationStore store) {
    try {
      LOG.info(
          "Reservation cleanup deleted {} reservation(s)", database.inTransaction(store::cleanup));
    } catch (RuntimeException failure) {
      // The next run tries again; a database outage must not end the schedule.
      LOG.warn("Reservation cleanup failed: {}", failure.getMessage());
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
