package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthHmacSigner;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.auth.oauth.OAuthSigner;
import com.google.api.client.http.GenericUrl;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integrations sign requests with OAuth 1.0a. The signatures here are made by Google's OAuth client
 * library, independently of Stockroom's own code.
 */
class IntegrationOAuthTest {
  private static final String SEARCH =
      "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku"
          + "&searchCriteria[filter_groups][0][filters][0][value]=OAUTH-1"
          + "&searchCriteria[filter_groups][0][filters][0][condition_type]=eq";
  private static final String SAVE = "/rest/V1/inventory/source-items";
  private static final String ITEM =
      "{\"sourceItems\":[{\"sku\":\"OAUTH-1\",\"source_code\":\"default\",\"quantity\":7,\"status\":1}]}";
  private static final String FOUND =
      "{\"items\":[{\"sku\":\"OAUTH-1\",\"source_code\":\"default\",\"quantity\":7,\"status\":1}],"
          + "\"search_criteria\":{\"filter_groups\":[{\"filters\":[{\"field\":\"sku\","
          + "\"value\":\"OAUTH-1\",\"condition_type\":\"eq\"}]}]},\"total_count\":1}";

  private static TestServer server;
  private static Credentials erp;

  record Credentials(String consumerKey, String consumerSecret, String token, String tokenSecret) {
    static Credentials from(String printed) {
      return new Credentials(
          field(printed, "Consumer Key"),
          field(printed, "Consumer Secret"),
          field(printed, "Access Token"),
          field(printed, "Access Token Secret"));
    }

    private static String field(String printed, String label) {
      var matcher = Pattern.compile(label + ": +(\\S+)").matcher(printed);
      assertThat(matcher.find()).as(label).isTrue();
      return matcher.group(1);
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.start();
    erp = Credentials.from(server.cli("integrations", "add", "erp", "--all"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void credentials_have_magentos_format() {
    assertThat(
            new String[] {erp.consumerKey(), erp.consumerSecret(), erp.token(), erp.tokenSecret()})
        .allMatch(value -> value.matches("[0-9a-z]{32}"));
  }

  @Test
  void a_post_with_a_json_body_and_a_get_with_brackets_verify_with_hmac_sha256_and_sha1()
      throws Exception {
    var save = send("POST", SAVE, ITEM, signed("POST", SAVE, erp, sha256(erp), null));
    assertThat(save.statusCode()).as(save.body()).isEqualTo(200);

    var withSha256 = send("GET", SEARCH, null, signed("GET", SEARCH, erp, sha256(erp), null));
    assertThat(withSha256.statusCode()).as(withSha256.body()).isEqualTo(200);
    assertThat(withSha256.body()).isEqualTo(FOUND);

    var withSha1 = send("GET", SEARCH, null, signed("GET", SEARCH, erp, sha1(erp), null));
    assertThat(withSha1.statusCode()).as(withSha1.body()).isEqualTo(200);
    assertThat(withSha1.body()).isEqualTo(FOUND);
  }

  @Test
  void a_tampered_signature_is_refused() throws Exception {
    String header = signed("GET", SEARCH, erp, sha256(erp), null);
    String tampered = header.replaceFirst("oauth_signature=\"[^\"]", "oauth_signature=\"A");
    if (tampered.equals(header)) {
      tampered = header.replaceFirst("oauth_signature=\"[^\"]", "oauth_signature=\"B");
    }

    var response = send("GET", SEARCH, null, tampered);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo("{\"message\":\"The signature is invalid. Verify and try again.\"}");
  }

  @Test
  void a_signature_for_another_query_is_refused() throws Exception {
    String header = signed("GET", SEARCH, erp, sha256(erp), null);

    var response = send("GET", SEARCH.replace("OAUTH-1", "OTHER"), null, header);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void a_replayed_nonce_is_refused() throws Exception {
    String header = signed("GET", SEARCH, erp, sha256(erp), null);

    assertThat(send("GET", SEARCH, null, header).statusCode()).isEqualTo(200);
    var replay = send("GET", SEARCH, null, header);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body())
        .matches(
            "\\{\"message\":\"The nonce is already being used by the consumer with ID %1\","
                + "\"parameters\":\\[\\d+\\]\\}");
  }

  @Test
  void a_stale_or_future_timestamp_is_refused() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    for (long timestamp : new long[] {now - 3600, now + 3600}) {
      var response = send("GET", SEARCH, null, signed("GET", SEARCH, erp, sha256(erp), timestamp));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body())
          .isEqualTo("{\"message\":\"An error occurred validating the nonce\"}");
    }
  }

  @Test
  void an_integration_lacking_the_routes_resource_is_unauthorized() throws Exception {
    var reader =
        Credentials.from(server.cli("integrations", "add", "reader", "--resources", Acl.SOURCE));

    assertThat(
            send("GET", SEARCH, null, signed("GET", SEARCH, reader, sha256(reader), null))
                .statusCode())
        .isEqualTo(200);
    var save = send("POST", SAVE, ITEM, signed("POST", SAVE, reader, sha256(reader), null));
    assertThat(save.statusCode()).isEqualTo(401);
    assertThat(save.body())
        .isEqualTo(
            "{\"message\":\"The consumer isn't authorized to access %resources.\","
                + "\"parameters\":{\"resources\":\"Magento_InventoryApi::stock_source_item_assign\"}}");
  }

  @Test
  void a_revoked_or_unknown_integration_is_unauthorized() throws Exception {
    var temporary = Credentials.from(server.cli("integrations", "add", "temporary", "--all"));
    server.cli("integrations", "revoke", "temporary");
    var unknown =
        new Credentials(
            "0123456789abcdef0123456789abcdef",
            erp.consumerSecret(),
            erp.token(),
            erp.tokenSecret());

    for (Credentials credentials : new Credentials[] {temporary, unknown}) {
      var response =
          send("GET", SEARCH, null, signed("GET", SEARCH, credentials, sha256(credentials), null));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("The consumer isn't authorized to access %resources.");
    }
    assertThat(server.cli("integrations", "list")).containsPattern("temporary +revoked");
  }

  @Test
  void an_unsupported_method_or_a_missing_parameter_is_a_bad_request() throws Exception {
    String header = signed("GET", SEARCH, erp, sha256(erp), null);

    var plaintext = send("GET", SEARCH, null, header.replace("HMAC-SHA256", "PLAINTEXT"));
    assertThat(plaintext.statusCode()).isEqualTo(400);
    assertThat(plaintext.body())
        .isEqualTo(
            "{\"message\":\"Signature method %1 is not supported\",\"parameters\":[\"PLAINTEXT\"]}");

    var noNonce =
        send("GET", SEARCH, null, header.replaceFirst("oauth_nonce=\"[^\"]*\"", "x=\"y\""));
    assertThat(noNonce.statusCode()).isEqualTo(400);
    assertThat(noNonce.body())
        .isEqualTo(
            "{\"message\":\"\\\"%fieldName\\\" is required. Enter and try again.\","
                + "\"parameters\":{\"fieldName\":\"oauth_nonce\"}}");
  }

  @Test
  void the_access_token_is_a_bearer_token_only_where_that_is_enabled() {
    assertThat(server.send("GET", SEARCH, null, "Bearer " + erp.token()).statusCode())
        .isEqualTo(401);

    try (var enabled =
        TestServer.start(Clock.systemUTC(), Map.of("STOCKROOM_INTEGRATION_AS_BEARER", "true"))) {
      var integration = Credentials.from(enabled.cli("integrations", "add", "erp", "--all"));
      assertThat(enabled.send("GET", SEARCH, null, "Bearer " + integration.token()).statusCode())
          .isEqualTo(200);
      enabled.cli("integrations", "revoke", "erp");
      assertThat(enabled.send("GET", SEARCH, null, "Bearer " + integration.token()).statusCode())
          .isEqualTo(401);
    }
  }

  private static OAuthSigner sha256(Credentials credentials) {
    var signer = new OAuthHmacSha256Signer(credentials.consumerSecret());
    signer.setTokenSecret(credentials.tokenSecret());
    return signer;
  }

  private static OAuthSigner sha1(Credentials credentials) {
    var signer = new OAuthHmacSigner();
    signer.clientSharedSecret = credentials.consumerSecret();
    signer.tokenSharedSecret = credentials.tokenSecret();
    return signer;
  }

  /** The Authorization header the library computes for the request. */
  private static String signed(
      String method, String target, Credentials credentials, OAuthSigner signer, Long timestamp)
      throws Exception {
    var parameters = new OAuthParameters();
    parameters.consumerKey = credentials.consumerKey();
    parameters.token = credentials.token();
    parameters.signer = signer;
    parameters.version = "1.0";
    parameters.computeNonce();
    parameters.computeTimestamp();
    if (timestamp != null) {
      parameters.timestamp = Long.toString(timestamp);
    }
    parameters.computeSignature(method, new GenericUrl(server.baseUrl() + target));
    return parameters.getAuthorizationHeader();
  }

  private static HttpResponse<String> send(
      String method, String target, String body, String authorization) {
    var request =
        HttpRequest.newBuilder(URI.create(new GenericUrl(server.baseUrl() + target).build()))
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return server.send(request.build());
  }
}
