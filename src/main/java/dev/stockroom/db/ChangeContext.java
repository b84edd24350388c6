package dev.stockroom.db;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Who changes data and how, for the change ledger: the actor ({@code admin}, {@code integration},
 * {@code guest}, {@code cli} or {@code system}, with its id and name where it has them), the way in
 * ({@code POST /V1/inventory/source-items}, an asynchronous operation's topic, a command), the bulk
 * of an asynchronous operation, the request's id, and the time (milliseconds since the epoch). The
 * database's triggers write it into every ledger row of the transaction.
 */
public record ChangeContext(
    String actorType,
    Long actorId,
    String actorName,
    String via,
    String bulkUuid,
    String requestId,
    long at) {

  /** Work of Stockroom itself, with no one behind it (a schedule). */
  public static ChangeContext system(String via, long at) {
    return new ChangeContext("system", null, null, via, null, null, at);
  }

  /** The context as the triggers read it: a JSON object. */
  String toJson(String notifyDefaultE4) {
    var json = new StringBuilder(160).append('{');
    field(json, "actor_type", actorType);
    json.append(",\"actor_id\":").append(actorId == null ? "null" : actorId.toString());
    json.append(',');
    field(json, "actor_name", actorName);
    json.append(',');
    field(json, "via", via);
    json.append(',');
    field(json, "bulk_uuid", bulkUuid);
    json.append(',');
    field(json, "request_id", requestId);
    json.append(",\"at\":\"").append(iso(at)).append('"');
    json.append(",\"notify_default\":").append(notifyDefaultE4);
    return json.append('}').toString();
  }

  /** ISO 8601 in UTC with milliseconds, as the ledger stores times (sortable as text). */
  public static String iso(long millis) {
    return ISO.format(Instant.ofEpochMilli(millis));
  }

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
