package dev.stockroom.http;

import java.time.Duration;

/**
 * What one client may take from the server: the body sizes of routes, the memory that the bodies of
 * all requests in flight may hold together, the accept backlog, and how long a client may be slow.
 *
 * @param maxBulkBody the largest body of a route that takes a list (source items, links)
 * @param maxSmallBody the largest body of every other route (the token, one source)
 * @param requestMemory bytes of bodies that all requests in flight may hold together
 * @param acceptBacklog connections the kernel may queue before they are accepted
 * @param headerTimeout how long a client may take to send a request's headers, once it began
 * @param idleTimeout how long a connection, or a body being read, may stay silent
 */
public record HttpLimits(
    long maxBulkBody,
    long maxSmallBody,
    long requestMemory,
    int acceptBacklog,
    Duration headerTimeout,
    Duration idleTimeout) {

  /**
   * Heap per byte of body held, with a margin: binding and saving a body took up to 14 times its
   * size (a 72 MB save of a million source items needed a 512 MB heap when its body took the
   * shortcut binding, 1 GB when it took the general one; docs/reliability.md).
   */
  public static final int HEAP_PER_BODY_BYTE = 20;

  /** The default request memory: what the heap can hold at {@link #HEAP_PER_BODY_BYTE}. */
  public static long automaticRequestMemory(long maxHeap) {
    return Math.max(maxHeap / HEAP_PER_BODY_BYTE, 1L << 20);
  }
}
