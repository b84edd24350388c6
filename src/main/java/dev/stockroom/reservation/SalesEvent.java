package dev.stockroom.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a reservation's metadata says: the event (order_placed, order_canceled, shipment_created, …)
 * and the object it concerns, as Magento serialises it.
 */
public record SalesEvent(
    String eventType, String objectType, String objectId, String objectIncrementId) {
  public static final String ORDER = "order";
  public static final String ORDER_PLACED = "order_placed";

  /** The metadata string Magento writes: these four keys in this order, all strings. */
  public String toMetadata(ObjectMapper mapper) {
    ObjectNode metadata = mapper.createObjectNode();
    metadata.put("event_type", eventType);
    metadata.put("object_type", objectType);
    metadata.put("object_id", objectId);
    metadata.put("object_increment_id", objectIncrementId);
    return metadata.toString();
  }

  /** The event a metadata string names; fields it lacks (or a string that is no JSON) are null. */
  static SalesEvent fromMetadata(String metadata, ObjectMapper mapper) {
    JsonNode parsed;
    try {
      parsed = metadata == null ? null : mapper.readTree(metadata);
    } catch (Exception notJson) {
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
