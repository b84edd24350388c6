package dev.stockroom.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to subscribers, at least once and in outbox order. Every instance looks for due
 * subscribers a few times a second; one that takes a subscriber's lease sends its replayed dead
 * letters, then its events in batches of up to {@link #BATCH}, moving its cursor after each batch
 * the subscriber took. A failed batch is tried again after the retry delay, doubling up to an hour;
 * after the configured attempts it is parked as a dead letter and the stream goes on. A stop (or a
 * SIGKILL) between a send and the cursor's move sends that batch again: receivers dedupe by the
 * events' ids.
 */
public final class Delivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
  static final int BATCH = 100;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration LONGEST_RETRY = Duration.ofHours(1);
  private static final int ROUNDS_PER_LEASE = 50;

  /** How deliveries are tried: the first retry delay, the attempts, and a delivery's timeout. */
  public record Settings(Duration retry, int attempts, Duration timeout) {}

  private final SubscriberStore store;
  private final EventOutbox outbox;
  private final Map<String, Sender> senders;
  private final Settings settings;
  private final Clock clock;
  private final ObjectMapper mapper;
  private final AtomicLong failures = new AtomicLong();
  private final String owner = "instance-" + UUID.randomUUID();
  private final long leaseMillis;
  private final Set<Long> busy = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread loop;
  private volatile boolean running = true;

  private Delivery(
      SubscriberStore store,
      EventOutbox outbox,
      Map<String, Sender> senders,
      Settings settings,
      Clock clock,
      ObjectMapper mapper) {
    this.store = store;
    this.outbox = outbox;
    this.senders = senders;
    this.settings = settings;
    this.clock = clock;
    this.mapper = mapper;
    this.leaseMillis = settings.timeout().multipliedBy(2).plusSeconds(10).toMillis();
    this.loop = Thread.ofVirtual().name("event-delivery").unstarted(this::run);
  }

  public static Delivery start(
      SubscriberStore store,
      EventOutbox outbox,
      Map<String, Sender> senders,
      Settings settings,
      Clock clock,
      ObjectMapper mapper) {
    var delivery = new Delivery(store, outbox, senders, settings, clock, mapper);
    delivery.loop.start();
    return delivery;
  }

  private void run() {
    while (running) {
      try {
        for (long id : store.due(senders.keySet())) {
          if (busy.add(id)) {
            workers.submit(() -> {
              try {
                deliver(id);
              } catch (RuntimeException failure) {
                LOG.warn("Delivering events to subscriber {} failed: {}", id, failure.getMessage());
              } finally {
                busy.remove(id);
              }
            });
          }
        }
      } catch (RuntimeException failure) {
        // A database outage: the next round tries again.
        LOG.warn("Looking for due event subscribers failed: {}", failure.getMessage());
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException stopped) {
        return;
      }
    }
  }

  private void deliver(long id) {
    Optional<Subscriber> claimed = store.claim(id, owner, leaseMillis);
    if (claimed.isEmpty()) {
      return;
    }
    Subscriber subscriber = claimed.get();
    Sender sender = senders.get(subscriber.kind());
    try {
      for (SubscriberStore.DeadLetter letter : store.replays(id)) {
        try {
          sender.send(subscriber, letter.body());
          store.delivered(letter);
        } catch (Exception failure) {
          store.replayFailed(letter, message(failure));
        }
      }
      for (int round = 0; round < ROUNDS_PER_LEASE && running; round++) {
        EventOutbox.Batch batch = outbox.next(subscriber.cursor(), BATCH, subscriber.eventTypes());
        if (batch.next().equals(subscriber.cursor())) {
          return;
        }
        if (!batch.events().isEmpty()) {
          String body = body(batch.events());
          try {
            sender.send(subscriber, body);
          } catch (Exception failure) {
            failed(subscriber, body, batch, failure);
            return;
          }
        }
        if (!store.advance(id, owner, batch.next(), batch.events().size(), leaseMillis)) {
          return;
        }
        subscriber = subscriber.withCursor(batch.next());
      }
    } finally {
      store.release(id, owner);
    }
  }

  private void failed(
      Subscriber subscriber, String body, EventOutbox.Batch batch, Exception failure) {
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    failures.incrementAndGet();
    int attempts = subscriber.attempts() + 1;
    String error = message(failure);
    if (attempts >= settings.attempts()) {
      LOG.warn(
          "Parked {} event(s) for subscriber {} as a dead letter after {} attempts: {}",
          batch.events().size(),
          subscriber.id(),
          attempts,
          error);
      store.park(
          subscriber.id(), owner, body, batch.events().size(), attempts, error, batch.next());
    } else {
      LOG.info(
          "Delivering {} event(s) to subscriber {} failed (attempt {}), trying again in {}: {}",
          batch.events().size(),
          subscriber.id(),
          attempts,
          backoff(attempts),
          error);
      store.failed(
          subscriber.id(), owner, attempts, clock.millis() + backoff(attempts).toMillis(), error);
    }
  }

  /** The delay after the {@code attempts}-th failure: the retry delay, doubling, up to an hour. */
  Duration backoff(int attempts) {
    Duration delay = settings.retry().multipliedBy(1L << Math.min(attempts - 1, 30));
    return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
  }

  private String body(List<EventOutbox.Event> events) {
    try {
      return mapper.writeValueAsString(
          Map.of("events", events.stream().map(EventOutbox.Event::toJson).toList()));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String message(Exception failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Deliveries that failed since start, to any subscriber. */
  long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    workers.shutdownNow();
  }
}
