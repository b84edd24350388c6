package dev.stockroom.webapi;

import dev.stockroom.db.UnitOfWork;
import java.util.Optional;

/**
 * Where the answers to requests with an {@code Idempotency-Key} are kept, shared by every instance
 * through the database. A call first {@link #begin begins} with its key: it either holds the key
 * and runs, or gets the answer to replay. The effect's transaction marks the key {@link #applied},
 * and the answer is {@link #finish finished} once it is made; a call that failed for a reason that
 * may pass (5xx) before its effect {@link #release releases} the key so that a repeat runs again.
 */
public interface IdempotencyKeys {
  /** An answer as it was written: status, content type and body bytes. */
  record Answer(int status, String contentType, byte[] body) {}

  /**
   * Empty when the caller now holds the key and must run the call; else the stored answer (after
   * waiting for a first request still running). Refuses a key used for another request (422), one
   * still running after the wait, and one whose first request was applied but whose answer was lost
   * (409).
   */
  Optional<Answer> begin(String owner, String key, String requestHash);

  /** Marks the key applied in the transaction of the call's effect. */
  UnitOfWork.CommitListener applied(String owner, String key);

  void finish(String owner, String key, Answer answer);

  /** Gives the key up if the call's effect was not applied; false if it was. */
  boolean release(String owner, String key);
}
