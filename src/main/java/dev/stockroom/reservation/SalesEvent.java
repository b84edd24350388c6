package dev.stockroom.reservation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a reservation's metadata says: the event (order_placed, order_canceled, shipment_created, …)
 * and the object it concerns, as Magento serialises it into a string.
 */
public record SalesEvent(
    String eventType, String objectType, String objectId, String objectIncrementId) {
  public static final String ORDER = "order";
  public static final String ORDER_PLACED = "order_placed";

  /** Reads metadata strings only; its configuration never changes. */
  private static final JsonMapper METADATA = JsonMapper.builder().build();

  /** The metadata string Magento writes: these four keys in this order, all strings. */
  public String toMetadata() {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("event_type", eventType);
    metadata.put("object_type", objectType);
    metadata.put("object_id", objectId);
    metadata.put("object_increment_id", objectIncrementId);
    return metadata.toString();
  }

  /** The event a metadata string names; fields it lacks (or a string that is no JSON) are null. */
  static SalesEvent fromMetadata(String metadata) {
    JsonNode parsed;
    try {
      parsed = metadata == null ? null : METADATA.readTree(metadata);
    } catch (JsonProcessingException notJson) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      return new SalesEvent(null, null, null, null);
    }
    return new SalesEvent(
        text(parsed, "event_type"),
        text(parsed, "object_type"),
        text(parsed, "object_id"),
        text(parsed, "object_increment_id"));
  }

  private static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }
}
