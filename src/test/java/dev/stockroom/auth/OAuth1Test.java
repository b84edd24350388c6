package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signature base string and signature against the examples of RFC 5849 itself. */
class OAuth1Test {
  @Test
  void the_base_string_of_rfc_5849_section_3_4_1_1_includes_query_header_and_form_body() {
    var request =
        new Authenticator.Request(
            null,
            "POST",
            "http",
            "example.com",
            "/request",
            "b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            "application/x-www-form-urlencoded",
            () -> "c2&a3=2+q".getBytes(StandardCharsets.UTF_8));
    var header =
        OAuth1.headerParameters(
            "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\","
                + " oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\","
                + " oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\","
                + " oauth_signature=\"bYT5CMsGcbgUdFHObYMEfcx6bsw%3D\"");

    assertThat(OAuth1.baseString(request, header))
        .isEqualTo(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                + "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9dj"
                + "dj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1"
                + "%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
  }

  @Test
  void the_signed_request_of_rfc_5849_section_1_2_verifies() {
    var request =
        new Authenticator.Request(
            null,
            "GET",
            "HTTP",
            "Photos.Example.NET:80",
            "/photos",
            "file=vacation.jpg&size=original",
            null,
            () -> new byte[0]);
    var header =
        OAuth1.headerParameters(
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\","
                + " oauth_token=\"nnch734d00sl2jdk\", oauth_signature_method=\"HMAC-SHA1\","
                + " oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\","
                + " oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"");

    String signature =
        OAuth1.sign(
            "HMAC-SHA1",
            OAuth1.baseString(request, header),
            "kd94hf93k423kf44",
            "pfkkdhi9sl3r4s00");

    assertThat(signature).isEqualTo(header.get("oauth_signature"));
  }

  @Test
  void encoding_keeps_only_unreserved_characters() {
    assertThat(OAuth1.encode("a-Z_0.9~ +/[]é")).isEqualTo("a-Z_0.9~%20%2B%2F%5B%5D%C3%A9");
  }
}
