package dev.stockroom.webapi;

import java.util.Map;

/** What a call comes to: the route's result, or a refusal in Magento's error shape. */
public sealed interface Outcome {
  /**
   * The route answered {@code value} (null for a void operation, which answers {@code []}); {@code
   * fields} is the call's partial-response selection ({@code ?fields=}), or null; {@code status} is
   * 200, or 202 for an accepted asynchronous request.
   */
  record Success(Route route, Object value, String fields, int status) implements Outcome {
    public Success(Route route, Object value, String fields) {
      this(route, value, fields, 200);
    }
  }

  /** An answer made before, written again byte for byte (a request with an Idempotency-Key). */
  record Replay(IdempotencyKeys.Answer answer) implements Outcome {}

  /** Magento's error body and its HTTP status; {@code cause} is what was thrown. */
  record Failure(int status, Map<String, Object> body, Throwable cause) implements Outcome {}
}
