package dev.stockroom.events;

import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Webhook subscriptions, for the REST routes and the command line alike: created with a URL, the
 * event types wanted (all by default) and a secret (made when none is given), starting at the
 * events that follow their creation.
 */
public final class Webhooks {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SubscriberStore store;
  private final EventOutbox outbox;

  public Webhooks(SubscriberStore store, EventOutbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /** Checks and creates a webhook; refuses with every error found. */
  public Subscriber create(String url, List<String> eventTypes, String secret, String description) {
    var errors = new ArrayList<ErrorEntry>();
    if (url == null || url.isBlank()) {
      errors.add(ErrorEntry.forField("\"%field\" can not be empty.", "url"));
    } else if (!isHttpUrl(url)) {
      errors.add(
          ErrorEntry.forField(
              "\"%field\" must be an absolute http:// or https:// URL with a host.", "url"));
    } else if (url.length() > 2_048) {
      errors.add(ErrorEntry.tooLong("url", 2_048));
    }
    List<String> types = eventTypes == null || eventTypes.isEmpty() ? all() : eventTypes;
    for (String type : types) {
      if (!EventOutbox.TYPES.contains(type)) {
        errors.add(
            new ErrorEntry(
                "\"%value\" is not an event type; the types are %types.",
                Parameters.of("value", type, "types", String.join(", ", all()))));
      }
    }
    if (secret != null && (secret.length() < 16 || secret.length() > 255)) {
      errors.add(ErrorEntry.forField("\"%field\" must have 16 to 255 characters.", "secret"));
    }
    if (description != null && description.length() > 255) {
      errors.add(ErrorEntry.tooLong("description", 255));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed: " + errors.get(0).rendered(), errors);
    }
    String key = secret != null ? secret : "whsec_" + HexFormat.of().formatHex(randomBytes());
    return store.create(
        Subscriber.WEBHOOK, url, key, List.copyOf(types), description, outbox.end());
  }

  public List<Subscriber> list() {
    return store.list(Subscriber.WEBHOOK);
  }

  public Subscriber get(long id) {
    return store
        .get(id)
        .filter(subscriber -> subscriber.kind().equals(Subscriber.WEBHOOK))
        .orElseThrow(() -> notFound(id));
  }

  public void delete(long id) {
    if (!store.delete(id, Subscriber.WEBHOOK)) {
      throw notFound(id);
    }
  }

  public List<SubscriberStore.DeadLetter> deadLetters(long id) {
    get(id);
    return store.deadLetters(id);
  }

  /** Marks a webhook's dead letters (or one) for delivery again; how many. */
  public int replay(long id, Long deadLetterId) {
    get(id);
    int marked = store.replay(id, deadLetterId);
    if (deadLetterId != null && marked == 0) {
      throw new NoSuchEntityException(
          "Dead letter with id \"%value\" does not exist.", Parameters.of("value", deadLetterId));
    }
    return marked;
  }

  static List<String> all() {
    return EventOutbox.TYPES.stream().sorted().toList();
  }

  private static NoSuchEntityException notFound(long id) {
    return new NoSuchEntityException(
        "Webhook with id \"%value\" does not exist.", Parameters.of("value", id));
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException malformed) {
      return false;
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
