package dev.stockroom.reservation;

import dev.stockroom.Config;
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

  /** Starts the schedule, or none where the configuration turns it off. */
  public static ReservationCleanup schedule(ReservationStore store, Config config) {
    if (config.reservationCleanupInterval() == null) {
      return new ReservationCleanup(null);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reservation-cleanup").factory());
    long every = config.reservationCleanupInterval().toMillis();
    scheduler.scheduleWithFixedDelay(() -> run(store), every, every, TimeUnit.MILLISECONDS);
    return new ReservationCleanup(scheduler);
  }

  private static void run(ReservationStore store) {
    try {
      LOG.info("Reservation cleanup deleted {} reservation(s)", store.cleanup());
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
