package dev.stockroom.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held by all requests in flight, bounded as a whole. A body takes its
 * bytes before it reads them and gives them back when its request is answered; a body that cannot
 * take them is refused (503) instead of growing the heap. The first {@link #FLOOR} bytes of every
 * body may use the whole budget, the bytes beyond only {@link #bulkCeiling()} of it: large bodies
 * can never take the last quarter, so small requests (a token, a source, a save of a few items)
 * still pass while large ones wait their turn.
 */
final class RequestMemory {
  /** The bytes of every body that come from the reserve. */
  static final int FLOOR = 64 * 1024;

  private final long total;
  private final long bulkCeiling;
  private final AtomicLong held = new AtomicLong();

  RequestMemory(long total) {
    this.total = total;
    this.bulkCeiling = total - total / 4;
  }

  /** The most that one body can ever hold: what large bodies may hold together. */
  long bulkCeiling() {
    return bulkCeiling;
  }

  /**
   * Takes {@code bytes} for a body that holds {@code alreadyHeld} bytes; false (and nothing taken)
   * if they are not free.
   */
  boolean take(long bytes, long alreadyHeld) {
    long withinFloor = Math.max(0, Math.min(bytes, FLOOR - alreadyHeld));
    long ceiling = bytes == withinFloor ? total : bulkCeiling;
    while (true) {
      long now = held.get();
      if (now + bytes > ceiling) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void give(long bytes) {
    held.addAndGet(-bytes);
  }

  /** The bytes held now, for tests and metrics. */
  long held() {
    return held.get();
  }
}
