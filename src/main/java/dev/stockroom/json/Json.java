package dev.stockroom.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.RowStream;
import dev.stockroom.search.SearchStream;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The one JSON mapping of the wire format, and the one place that turns results into bytes. Magento
 * writes snake_case keys, omits null fields and prints numbers as PHP's json_encode does: {@code 3}
 * for 3.0, {@code 5.5}, never an exponent. Records are written by Jackson's serializer for their
 * class; quantities as numbers; a {@link SearchStream} as a search result written row by row while
 * its statement reads them.
 */
public final class Json {
  private Json() {}

  public static ObjectMapper newMapper() {
    var numbers = new SimpleModule("php-numbers");
    numbers.addSerializer(BigDecimal.class, new PhpNumberSerializer());
    numbers.addSerializer(Quantity.class, new QuantitySerializer());
    numbers.addSerializer(SearchStream.class, new SearchStreamSerializer());
    numbers.addSerializer(RowStream.class, new RowStreamSerializer());
    // Jackson keeps its buffers per thread by default, which helps nothing when every request runs
    // on a new virtual thread: it allocated about 12 KB of buffers per response. A shared pool
    // keeps them.
    var factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build();
    return JsonMapper.builder(factory)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        // PHP's json_decode refuses anything after the value; so does this.
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addModule(numbers)
        .build();
  }

  /** A decimal as PHP prints a float: no trailing zeros, no exponent. */
  public static String phpNumber(BigDecimal value) {
    return (value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros()).toPlainString();
  }

  /** Writes a decimal as PHP prints a float: no trailing zeros, no exponent. */
  private static final class PhpNumberSerializer extends StdSerializer<BigDecimal> {
    PhpNumberSerializer() {
      super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeNumber(phpNumber(value));
    }
  }

  /** A quantity as PHP prints a float, straight from its count of 0.0001. */
  private static final class QuantitySerializer extends StdSerializer<Quantity> {
    QuantitySerializer() {
      super(Quantity.class);
    }

    @Override
    public void serialize(Quantity value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      if (value.e4() % 10_000 == 0) {
        // A whole number: no text to build.
        generator.writeNumber(value.e4() / 10_000);
      } else {
        generator.writeNumber(value.toString());
      }
    }
  }

  /**
   * {@code {"items":[…],"search_criteria":…,"total_count":n}}, the items written as the statement
   * reads them and counted on the way. Nothing is written until the statement has run, so a query
   * that fails can still be answered as an error.
   */
  @SuppressWarnings("rawtypes")
  private static final class SearchStreamSerializer extends StdSerializer<SearchStream> {
    SearchStreamSerializer() {
      super(SearchStream.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serialize(SearchStream stream, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      long total =
          stream.forEach(
              new SearchStream.RowConsumer<Object>() {
                // Every row of a search has the same class: its serializer is looked up once.
                private JsonSerializer<Object> items;

                @Override
                public void start() throws IOException {
                  generator.writeStartObject();
                  generator.writeArrayFieldStart("items");
                }

                @Override
                public void accept(Object item) throws IOException {
                  if (items == null) {
                    items = provider.findValueSerializer(item.getClass());
                  }
                  items.serialize(item, generator, provider);
                }
              });
      generator.writeEndArray();
      generator.writeFieldName("search_criteria");
      provider.defaultSerializeValue(stream.searchCriteria(), generator);
      generator.writeNumberField("total_count", total);
      generator.writeEndObject();
    }
  }

  /** {@code […]}, written as the statement reads the rows; nothing before it has run. */
  @SuppressWarnings("rawtypes")
  private static final class RowStreamSerializer extends StdSerializer<RowStream> {
    RowStreamSerializer() {
      super(RowStream.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serialize(RowStream stream, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      stream.forEach(
          new SearchStream.RowConsumer<Object>() {
            private JsonSerializer<Object> items;

            @Override
            public void start() throws IOException {
              generator.writeStartArray();
            }

            @Override
            public void accept(Object item) throws IOException {
              if (items == null) {
                items = provider.findValueSerializer(item.getClass());
              }
              items.serialize(item, generator, provider);
            }
          });
      generator.writeEndArray();
    }
  }
}
