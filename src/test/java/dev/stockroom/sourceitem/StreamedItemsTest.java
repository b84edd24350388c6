package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unpaged search streams its items from the database's bytes (SourceItemStore.writeRow); a page
 * writes them through the mapper. Both must write every item byte for byte alike, whatever its SKU
 * holds and however its quantity prints.
 */
class StreamedItemsTest {
  private static final String SOURCE = "stream-test";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    var source =
        server.send(
            "POST",
            "/rest/V1/inventory/sources",
            """
            {"source":{"source_code":"%s","name":"Stream test","enabled":true,
             "country_id":"US","postcode":"12345"}}
            """
                .formatted(SOURCE));
    assertThat(source.statusCode()).as(source.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_stream_writes_each_item_as_a_page_does() {
    var save =
        server.send(
            "POST",
            "/rest/V1/inventory/source-items",
            """
            {"sourceItems":[
              {"sku":"plain-1","source_code":"%1$s","quantity":0,"status":0},
              {"sku":"Grüße € 𝄞 ☃","source_code":"%1$s","quantity":1.5,"status":1},
              {"sku":"quote \\" back \\\\ slash /","source_code":"%1$s","quantity":10,"status":1},
              {"sku":"tab\\there\\u0001ctl\\u2028line","source_code":"%1$s","quantity":0.0001,
               "status":1},
              {"sku":"<b>&amp;'</b>","source_code":"%1$s","quantity":99999999.9999,"status":1},
              {"sku":"negative","source_code":"%1$s","quantity":-2.25,"status":0},
              {"sku":"tenths","source_code":"%1$s","quantity":"12.50","status":1}
            ]}
            """
                .formatted(SOURCE));
    assertThat(save.statusCode()).as(save.body()).isEqualTo(200);

    String filter =
        "searchCriteria[filter_groups][0][filters][0][field]=source_code"
            + "&searchCriteria[filter_groups][0][filters][0][value]="
            + SOURCE;
    String streamed = items(get(filter));
    String paged = items(get(filter + "&searchCriteria[pageSize]=100"));

    // Non-ASCII text is written as UTF-8 and "/" as it is (PHP's json_encode escapes both); beyond
    // the 16-bit range Jackson escapes the character, as a pair of surrogates.
    assertThat(streamed)
        .contains("Grüße € \\uD834\\uDD1E ☃", "slash /\"", "\\t", "\\u0001", "-2.25", "12.5,");
    assertThat(streamed).isEqualTo(paged);

    String fields = "&fields=" + encode("items[sku,quantity],total_count");
    assertThat(items(get(filter + fields)))
        .isEqualTo(items(get(filter + "&searchCriteria[pageSize]=100" + fields)))
        .doesNotContain("source_code", "status");
  }

  private static String get(String query) {
    var response = server.send("GET", "/rest/V1/inventory/source-items?" + query, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** The items array exactly as written, up to the search criteria that follow it. */
  private static String items(String body) {
    assertThat(body).startsWith("{\"items\":[");
    int end = body.indexOf("],\"search_criteria\"");
    if (end < 0) {
      // ?fields= without search_criteria: the array ends before total_count.
      end = body.indexOf("],\"total_count\"");
    }
    assertThat(end).as(body).isPositive();
    return body.substring(0, end + 1);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
