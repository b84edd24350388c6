package dev.stockroom.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code source} argument of a save as bound, and which of its fields the client sent: Magento
 * writes only the fields present, so an omitted field keeps its stored value.
 */
record SourceRequest(Source source, Set<String> present) {
  private static final Input.Fields PROPERTIES =
      Input.fields(
          "source_code",
          "name",
          "email",
          "contact_name",
          "enabled",
          "description",
          "latitude",
          "longitude",
          "country_id",
          "region_id",
          "region",
          "city",
          "street",
          "postcode",
          "phone",
          "fax",
          "use_default_carrier_config",
          "carrier_links",
          "extension_attributes");

  private static final Input.Fields EXTENSION =
      Input.fields("is_pickup_location_active", "frontend_name", "frontend_description");
  private static final Input.Fields CARRIER_LINK =
      Input.fields("carrier_code", "position", "extension_attributes");

  boolean has(String field) {
    return present.contains(field);
  }

  /** The request with coordinates set, as if the client had sent them. */
  SourceRequest withCoordinates(BigDecimal latitude, BigDecimal longitude) {
    var fields = new HashSet<>(present);
    fields.add("latitude");
    fields.add("longitude");
    return new SourceRequest(source.withCoordinates(latitude, longitude), Set.copyOf(fields));
  }

  static SourceRequest bind(JsonNode value) {
    Properties source = Input.object(value, PROPERTIES);
    Properties extension = Input.object(source.get("extension_attributes"), EXTENSION);
    var present = new HashSet<String>(source.values().keySet());
    extension.values().keySet().forEach(present::add);
    Source bound =
        new Source(
            source.string("source_code"),
            source.string("name"),
            source.string("email"),
            source.string("contact_name"),
            source.bool("enabled"),
            source.string("description"),
            source.decimal("latitude"),
            source.decimal("longitude"),
            source.string("country_id"),
            source.integer("region_id"),
            source.string("region"),
            source.string("city"),
            source.string("street"),
            source.string("postcode"),
            source.string("phone"),
            source.string("fax"),
            true,
            carrierLinks(source),
            new Source.Extension(
                extension.bool("is_pickup_location_active"),
                extension.string("frontend_name"),
                extension.string("frontend_description")));
    return new SourceRequest(bound, Set.copyOf(present));
  }

  private static List<Source.CarrierLink> carrierLinks(Properties source) {
    List<JsonNode> links = Input.list(source.get("carrier_links"));
    var bound = new ArrayList<Source.CarrierLink>();
    for (JsonNode link : links == null ? List.<JsonNode>of() : links) {
      Properties properties = Input.object(link, CARRIER_LINK);
      bound.add(
          new Source.CarrierLink(
              properties.string("carrier_code"), properties.integer("position")));
    }
    return bound;
  }
}
