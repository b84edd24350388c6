package dev.stockroom.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** A response body written straight to the client, for results too large to hold in memory. */
@FunctionalInterface
public interface JsonStream {
  void writeTo(JsonGenerator generator) throws IOException;
}
