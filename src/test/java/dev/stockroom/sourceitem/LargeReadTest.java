package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stockroom.ChildServer;
import dev.stockroom.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A search without page_size returns every match, as Magento does. Stockroom streams it: here a
 * server whose heap is far too small to hold a million source items returns them all.
 */
class LargeReadTest {
  private static final int ROWS = 1_000_000;
  private static final int PER_REQUEST = 10_000;
  private static final String HEAP = "-Xmx96m";

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void a_million_items_stream_through_a_server_with_a_96_megabyte_heap() throws Exception {
    var flags = new ArrayList<>(List.of("--admin-password=large-read-1"));
    flags.addAll(TestServer.databaseFlags(TestServer.config(Map.of())));
    try (var server = ChildServer.start(List.of(HEAP), flags)) {
      String base = server.baseUrl();
      String token = token(base);
      for (int start = 0; start < ROWS; start += PER_REQUEST) {
        var save = post(base + "/rest/V1/inventory/source-items", token, items(start));
        assertThat(save.statusCode()).as(save.body()).isEqualTo(200);
      }

      var response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/rest/V1/inventory/source-items?searchCriteria="))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Length")).isEmpty();
      long[] counted = count(response.body());
      assertThat(counted[0]).as("items received").isEqualTo(ROWS);
      assertThat(counted[1]).as("total_count").isEqualTo(ROWS);
      assertThat(server.isAlive()).isTrue();
    }
  }

  private static String items(int start) {
    var body = new StringBuilder(PER_REQUEST * 70).append("{\"sourceItems\":[");
    for (int index = start; index < start + PER_REQUEST; index++) {
      body.append(index == start ? "" : ",")
          .append("{\"sku\":\"SKU-")
          .append(index)
          .append("\",\"source_code\":\"default\",\"quantity\":")
          .append(index % 1000)
          .append(".25,\"status\":1}");
    }
    return body.append("]}").toString();
  }

  /** Items in the stream and the total_count at its end, read without holding the body. */
  private static long[] count(InputStream body) throws Exception {
    long items = 0;
    long total = -1;
    try (JsonParser parser = new JsonFactory().createParser(body)) {
      int depth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
          if (token == JsonToken.START_OBJECT && depth == 3) {
            items++;
          }
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        } else if (depth == 1
            && token == JsonToken.FIELD_NAME
            && parser.currentName().equals("total_count")) {
          parser.nextToken();
          total = parser.getLongValue();
        }
      }
    }
    return new long[] {items, total};
  }

  private String token(String base) throws Exception {
    var response =
        post(
            base + "/rest/V1/integration/admin/token",
            null,
            "{\"username\":\"admin\",\"password\":\"large-read-1\"}");
    return response.body().replace("\"", "");
  }

  private HttpResponse<String> post(String url, String token, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
