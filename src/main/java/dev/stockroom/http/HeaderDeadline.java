package dev.stockroom.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * Closes connections whose client began a request but has not finished its headers within the
 * deadline. Jetty's idle timeout alone never closes a client that sends one byte now and then; a
 * few hundred of those held connections open without end. A connection waiting for its next request
 * sends nothing and is left to the idle timeout. The client is told with a 408 in Magento's error
 * shape before the connection closes.
 */
public final class HeaderDeadline implements Connection.Listener, AutoCloseable {
  private static final byte[] TIMED_OUT = response();

  private final long deadlineNanos;

  /** Open HTTP/1 connections, and since when each has been reading a request's headers (or 0). */
  private final Map<HttpConnection, Long> connections = new ConcurrentHashMap<>();

  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          task -> Thread.ofPlatform().name("stockroom-header-deadline").daemon().unstarted(task));

  public HeaderDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    long every = Math.clamp(deadline.toMillis() / 4, 50, 1_000);
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      connections.put(http, 0L);
    }
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  /**
   * Looks at every connection's parser: past its start but not yet through the headers means a
   * request's headers are arriving. The parser is read from this thread without a lock; a state a
   * moment old is good enough for a deadline of seconds.
   */
  private void sweep() {
    long now = System.nanoTime();
    connections.replaceAll((connection, since) -> {
      HttpParser parser = connection.getParser();
      if (!parser.inHeaderState() || parser.isStart()) {
        return 0L;
      }
      if (since == 0) {
        return now;
      }
      if (now - since > deadlineNanos) {
        refuse(connection.getEndPoint());
        return 0L;
      }
      return since;
    });
  }

  private static void refuse(EndPoint endPoint) {
    endPoint.write(
        Callback.from(endPoint::close, failed -> endPoint.close()), ByteBuffer.wrap(TIMED_OUT));
  }

  private static byte[] response() {
    String body = "{\"message\":\"The request headers did not arrive in time.\"}";
    String response =
        "HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    return response.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
