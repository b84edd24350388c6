package dev.stockroom.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.acl.Principal;
import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import dev.stockroom.error.Parameters;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Dispatcher;
import dev.stockroom.webapi.Outcome;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one instance: each claims the next operations of a bulk and makes each call
 * through the dispatcher, as the principal that posted it. The operation is marked complete in the
 * transaction of the call's effect. A failure that may pass (the database unreachable, a connection
 * lost) leaves the operation open to run again after a growing delay, up to {@link #ATTEMPTS}
 * times, and then ends it as retriably failed (2); any other failure ends it at once (3), keeping
 * the whole error. No broker: the queue is the database.
 */
public final class Workers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

  /** Attempts before an operation that keeps failing for a reason that may pass gives up. */
  static final int ATTEMPTS = 8;

  /** Operations of one bulk a worker claims at a time. */
  private static final int BATCH = 16;

  /** How often an idle worker looks for operations queued by other instances. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final BulkStore store;
  private final Dispatcher dispatcher;
  private final ObjectMapper mapper;
  private final Duration lease;
  private final Clock clock;
  private final Semaphore work = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private Workers(
      BulkStore store, Dispatcher dispatcher, ObjectMapper mapper, Duration lease, Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.mapper = mapper;
    this.lease = lease;
    this.clock = clock;
  }

  /**
   * Starts {@code count} workers. {@code exclusive} says this is the only instance on the database
   * (SQLite): whatever a worker held when the last process ended is open again at once.
   */
  public static Workers start(
      BulkStore store,
      Dispatcher dispatcher,
      ObjectMapper mapper,
      int count,
      Duration lease,
      boolean exclusive,
      Clock clock) {
    var workers = new Workers(store, dispatcher, mapper, lease, clock);
    if (count == 0) {
      return workers;
    }
    if (exclusive) {
      store.releaseAll();
    }
    store.onEnqueue(() -> workers.work.release(count));
    for (int index = 0; index < count; index++) {
      workers.threads.add(Thread.ofVirtual().name("async-worker-" + index).start(workers::loop));
    }
    return workers;
  }

  private void loop() {
    while (running) {
      try {
        List<BulkStore.Claimed> claimed = store.claim(BATCH, lease);
        if (claimed.isEmpty()) {
          work.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
          work.drainPermits();
          continue;
        }
        runInOrder(claimed);
      } catch (InterruptedException stopped) {
        return;
      } catch (RuntimeException failure) {
        // The database is down, most likely: the leases run out and the operations wait.
        LOG.warn("Claiming asynchronous operations failed: {}", failure.getMessage());
        sleep(POLL);
      }
    }
  }

  /**
   * Runs a bulk's claimed operations in order; one left open to run again stops the rest, which are
   * given back, so that the bulk's order holds.
   */
  private void runInOrder(List<BulkStore.Claimed> claimed) {
    for (int index = 0; index < claimed.size(); index++) {
      if (!running || !run(claimed.get(index))) {
        store.release(
            claimed.subList(index + 1, claimed.size()).stream()
                .map(BulkStore.Claimed::operationId)
                .toList());
        return;
      }
    }
  }

  /** Runs one operation; false if it is left open to run again. */
  boolean run(BulkStore.Claimed operation) {
    String arguments = arguments(operation.serializedData());
    Caller caller =
        operation.principal() == null ? Caller.ANONYMOUS : Caller.of(operation.principal());
    var completed = new AtomicBoolean();
    var message = new String[1];
    Outcome outcome =
        Database.withCommitListener(
            unit -> {
              if (!store.complete(unit, operation.operationId(), message[0])) {
                throw new AlreadyDone();
              }
              completed.set(true);
            },
            () -> {
              message[0] = successMessage(operation);
              try {
                return Database.withChangeContext(
                    changeContext(operation),
                    () ->
                        dispatcher.dispatchQueued(
                            operation.method(),
                            operation.storeCode(),
                            operation.path(),
                            arguments,
                            caller));
              } catch (Exception unexpected) {
                throw new IllegalStateException(unexpected);
              }
            });
    return switch (outcome) {
      case Outcome.Success success -> {
        String result = serialize(success.value());
        if (completed.get()) {
          if (result != null) {
            store.recordResult(operation.operationId(), result);
          }
        } else {
          // A call that wrote nothing (a source selection): done now.
          store.finish(operation.operationId(), BulkStore.COMPLETE, message[0], null, result);
        }
        yield true;
      }
      case Outcome.Failure failure -> failed(operation, failure, completed.get());
      case Outcome.Replay replay ->
          throw new IllegalStateException("A queued call carries no Idempotency-Key");
    };
  }

  private boolean failed(BulkStore.Claimed operation, Outcome.Failure failure, boolean completed) {
    if (completed || causedBy(failure.cause(), AlreadyDone.class)) {
      // Another worker completed it meanwhile (a lease ran out while this one ran): its effect
      // counts, this run's rolled back.
      return true;
    }
    String rendered = rendered(failure.body());
    if (mayPass(failure)) {
      if (operation.attempts() + 1 < ATTEMPTS) {
        store.retryLater(operation.operationId(), backoff(operation.attempts()), rendered);
        return false;
      }
      store.finish(
          operation.operationId(),
          BulkStore.RETRIABLY_FAILED,
          rendered,
          0,
          serialize(failure.body()));
      return true;
    }
    store.finish(operation.operationId(), BulkStore.FAILED, rendered, 0, serialize(failure.body()));
    return true;
  }

  /** The database was unreachable or its connection failed: running again may succeed. */
  private static boolean mayPass(Outcome.Failure failure) {
    return failure.status() == 503
        || failure.status() == 500 && causedBy(failure.cause(), SQLException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /** 1 s, 2 s, 4 s … up to a minute. */
  static Duration backoff(int attempts) {
    return Duration.ofSeconds(Math.min(60, 1L << Math.min(attempts, 6)));
  }

  /** The ledger's context of an operation: its principal, its route and its bulk. */
  private ChangeContext changeContext(BulkStore.Claimed operation) {
    Principal principal = operation.principal();
    String via = "async " + operation.method() + " " + operation.path();
    String requestId = operation.bulkUuid() + "/" + operation.key();
    if (principal == null) {
      return new ChangeContext(
          "guest", null, null, via, operation.bulkUuid(), requestId, clock.millis());
    }
    return new ChangeContext(
        principal.kind() == Principal.Kind.INTEGRATION ? "integration" : "admin",
        principal.id(),
        principal.name(),
        via,
        operation.bulkUuid(),
        requestId,
        clock.millis());
  }

  /** Magento's message of a successful operation. */
  private String successMessage(BulkStore.Claimed operation) {
    return dispatcher
        .router()
        .find(operation.method(), operation.path())
        .map(route ->
            "Service execution success "
                + route.service().interfaceName()
                + "::"
                + route.operation())
        .orElse("Service execution success");
  }

  /** The arguments of an operation: the meta_information of its serialized data. */
  private String arguments(String serializedData) {
    try {
      return mapper.readTree(serializedData).get("meta_information").textValue();
    } catch (JsonProcessingException | NullPointerException unreadable) {
      return "{}";
    }
  }

  /** An error body's message with its parameters filled in, as Magento keeps it (255 at most). */
  @SuppressWarnings("unchecked")
  private static String rendered(Map<String, Object> body) {
    String template = String.valueOf(body.get("message"));
    Object parameters = body.get("parameters");
    String message =
        parameters instanceof Map<?, ?> named
            ? new Parameters.Named((Map<String, Object>) named).render(template)
            : parameters instanceof List<?> positional
                ? Parameters.positional(positional.toArray()).render(template)
                : template;
    return message.length() > 255 ? message.substring(0, 255) : message;
  }

  /** A value as JSON text; null for a void operation's. */
  private String serialize(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException unwritable) {
      return null;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  /** Thrown in a transaction whose operation another worker completed: rolls it back. */
  private static final class AlreadyDone extends RuntimeException {
    AlreadyDone() {
      super("The operation was completed by another worker", null, false, false);
    }
  }

  /**
   * Stops claiming operations. One running finishes if it can within {@code grace}; after that it
   * is interrupted, and stays open to run again.
   */
  public void stop(Duration grace) {
    running = false;
    work.release(threads.size());
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (Thread thread : threads) {
        thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      }
      threads.forEach(Thread::interrupt);
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(10));
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
