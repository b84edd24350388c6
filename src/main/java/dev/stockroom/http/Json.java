package dev.stockroom.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The one JSON mapping of the wire format. Magento writes snake_case keys, omits null fields and
 * prints numbers as PHP's json_encode does: {@code 3} for 3.0, {@code 5.5}, never an exponent.
 */
public final class Json {
  private Json() {}

  public static ObjectMapper newMapper() {
    var numbers = new SimpleModule("php-numbers");
    numbers.addSerializer(BigDecimal.class, new PhpNumberSerializer());
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
}
