package dev.stockroom.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code V1/stockroom/webhooks}: create, list, get and delete webhook subscriptions, list a
 * webhook's dead letters and replay them. The secret is shown when the webhook is created only.
 */
public final class WebhookRoutes {
  private static final ApiType.Definition WEBHOOK =
      ApiType.definition("stockroom-api-data-webhook-interface", "A webhook subscription")
          .required("webhook_id", ApiType.INTEGER, "Its id")
          .required("url", ApiType.STRING, "Where deliveries are posted")
          .required("event_types", ApiType.arrayOf(ApiType.STRING), "The event types it takes")
          .optional("description", ApiType.STRING, "What it is for")
          .optional("secret", ApiType.STRING, "The signing secret (in the answer to its creation)")
          .required("created_at", ApiType.STRING, "When it was created, ISO 8601 in UTC")
          .required("delivered", ApiType.INTEGER, "Events delivered so far")
          .required("attempts", ApiType.INTEGER, "Failed attempts of the delivery now due")
          .optional("last_error", ApiType.STRING, "Why the last attempt failed")
          .build();

  private static final ApiType.Definition DEAD_LETTER =
      ApiType.definition(
              "stockroom-api-data-webhook-dead-letter-interface",
              "A delivery that failed every attempt, parked")
          .required("dead_letter_id", ApiType.INTEGER, "Its id")
          .required("event_count", ApiType.INTEGER, "The events it holds")
          .required("attempts", ApiType.INTEGER, "The attempts made")
          .optional("error", ApiType.STRING, "Why the last attempt failed")
          .required("parked_at", ApiType.STRING, "When it was parked, ISO 8601 in UTC")
          .required("replay", ApiType.BOOLEAN, "Whether it is to be sent again")
          .required("body", ApiType.STRING, "The delivery's body as it was sent")
          .build();

  private static final ApiType.Definition NEW_WEBHOOK =
      ApiType.definition("stockroom-api-data-webhook-request-interface", "A webhook to create")
          .required("url", ApiType.STRING, "An http:// or https:// URL")
          .optional(
              "event_types",
              ApiType.arrayOf(ApiType.STRING),
              "source_item.changed, stock.low, reservation.appended, bulk.finished (all without"
                  + " it)")
          .optional("secret", ApiType.STRING, "16 to 255 characters; made when absent")
          .optional("description", ApiType.STRING, "What it is for")
          .build();

  private static final Input.Fields FIELDS =
      Input.fields("url", "event_types", "secret", "description");

  /** A webhook as the routes answer it. */
  public record Webhook(
      long webhookId,
      String url,
      List<String> eventTypes,
      String description,
      String secret,
      String createdAt,
      long delivered,
      int attempts,
      String lastError) {
    static Webhook of(Subscriber subscriber, boolean withSecret) {
      return new Webhook(
          subscriber.id(),
          subscriber.url(),
          List.copyOf(subscriber.eventTypes()),
          subscriber.description(),
          withSecret ? subscriber.secret() : null,
          subscriber.createdAt(),
          subscriber.delivered(),
          subscriber.attempts(),
          subscriber.lastError());
    }
  }

  /** A dead letter as the routes answer it. */
  public record DeadLetter(
      long deadLetterId,
      int eventCount,
      int attempts,
      String error,
      String parkedAt,
      boolean replay,
      String body) {}

  private final Webhooks webhooks;

  public WebhookRoutes(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  public void register(Router router) {
    Service service =
        new Service("stockroomWebhooksV1", "Webhook subscriptions to Stockroom's change events.");
    router
        .post("/V1/stockroom/webhooks", Acl.WEBHOOKS, this::create)
        .service(service, "create", "Subscribe a URL to events; the answer shows its secret.")
        .required("webhook", NEW_WEBHOOK)
        .returns(WEBHOOK)
        .throwing(ValidationException.class);
    router
        .get("/V1/stockroom/webhooks", Acl.WEBHOOKS, request -> list())
        .service(service, "getList", "Every webhook subscription (without secrets).")
        .returns(ApiType.arrayOf(WEBHOOK));
    router
        .get("/V1/stockroom/webhooks/:webhookId", Acl.WEBHOOKS, this::get)
        .service(service, "get", "One webhook subscription (without its secret).")
        .required("webhookId", ApiType.INTEGER)
        .returns(WEBHOOK)
        .throwing(NoSuchEntityException.class);
    router
        .delete("/V1/stockroom/webhooks/:webhookId", Acl.WEBHOOKS, this::delete)
        .service(service, "deleteById", "End a subscription; its dead letters go with it.")
        .required("webhookId", ApiType.INTEGER)
        .returns(ApiType.BOOLEAN)
        .throwing(NoSuchEntityException.class);
    router
        .get("/V1/stockroom/webhooks/:webhookId/dead-letters", Acl.WEBHOOKS, this::deadLetters)
        .service(service, "getDeadLetters", "The deliveries parked after every attempt failed.")
        .required("webhookId", ApiType.INTEGER)
        .returns(ApiType.arrayOf(DEAD_LETTER))
        .throwing(NoSuchEntityException.class);
    router
        .post("/V1/stockroom/webhooks/:webhookId/dead-letters/replay", Acl.WEBHOOKS, this::replay)
        .service(
            service,
            "replayDeadLetters",
            "Send parked deliveries again (one with deadLetterId, else all); answers how many.")
        .required("webhookId", ApiType.INTEGER)
        .optional("deadLetterId", ApiType.INTEGER)
        .returns(ApiType.INTEGER)
        .throwing(NoSuchEntityException.class);
  }

  private Webhook create(RestRequest request) {
    request.requireArguments("webhook");
    Properties webhook = Input.object(request.argument("webhook"), FIELDS);
    List<String> types = null;
    JsonNode listed = webhook.get("event_types");
    if (listed != null && !Input.isNull(listed)) {
      types = new ArrayList<>();
      for (JsonNode type : Input.list(listed)) {
        types.add(Input.string(type, "event_types"));
      }
    }
    Subscriber created =
        webhooks.create(
            webhook.string("url"), types, webhook.string("secret"), webhook.string("description"));
    return Webhook.of(created, true);
  }

  private List<Webhook> list() {
    return webhooks.list().stream().map(subscriber -> Webhook.of(subscriber, false)).toList();
  }

  private Webhook get(RestRequest request) {
    return Webhook.of(webhooks.get(request.integerArgument("webhookId")), false);
  }

  private Boolean delete(RestRequest request) {
    webhooks.delete(request.integerArgument("webhookId"));
    return true;
  }

  private List<DeadLetter> deadLetters(RestRequest request) {
    return webhooks.deadLetters(request.integerArgument("webhookId")).stream()
        .map(letter ->
            new DeadLetter(
                letter.id(),
                letter.eventCount(),
                letter.attempts(),
                letter.error(),
                letter.parkedAt(),
                letter.replay(),
                letter.body()))
        .toList();
  }

  private Integer replay(RestRequest request) {
    long id = request.integerArgument("webhookId");
    Long deadLetter =
        request.argument("deadLetterId") == null ? null : request.integerArgument("deadLetterId");
    return webhooks.replay(id, deadLetter);
  }
}
