package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import org.junit.jupiter.api.Test;

/**
 * What a {@code ./stockroom} command takes away holds when it returns, also for tokens the server
 * had just signed in (and so holds, {@link RecentSignIns}): each test uses its tokens first.
 */
class RevocationTest {
  private static final String SOURCES = "/rest/V1/inventory/sources";
  private static final String SAVE =
      "{\"sourceItems\":[{\"sku\":\"A\",\"source_code\":\"default\",\"quantity\":1,\"status\":1}]}";

  @Test
  void revoking_a_users_tokens_ends_every_one_of_them() {
    try (var server = TestServer.start()) {
      String first = server.signIn(TestServer.ADMIN, TestServer.PASSWORD);
      String second = server.signIn(TestServer.ADMIN, TestServer.PASSWORD);
      assertThat(server.send("GET", SOURCES, null, "Bearer " + first).statusCode()).isEqualTo(200);
      assertThat(server.send("GET", SOURCES, null, "Bearer " + second).statusCode()).isEqualTo(200);

      assertThat(server.cli("users", "revoke-tokens", "admin")).contains("Revoked 2 token(s)");

      assertThat(server.send("GET", SOURCES, null, "Bearer " + first).statusCode()).isEqualTo(401);
      assertThat(server.send("GET", SOURCES, null, "Bearer " + second).statusCode()).isEqualTo(401);
      String fresh = server.signIn(TestServer.ADMIN, TestServer.PASSWORD);
      assertThat(server.send("GET", SOURCES, null, "Bearer " + fresh).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_disabled_user_can_neither_use_its_tokens_nor_sign_in() {
    try (var server = TestServer.start()) {
      String token = server.token();
      assertThat(server.send("GET", SOURCES, null, "Bearer " + token).statusCode()).isEqualTo(200);
      server.cli("users", "disable", "admin");

      assertThat(server.send("GET", SOURCES, null, "Bearer " + token).statusCode()).isEqualTo(401);
      var signIn =
          server.send(
              "POST",
              "/rest/V1/integration/admin/token",
              "{\"username\":\"admin\",\"password\":\"" + TestServer.PASSWORD + "\"}",
              null);
      assertThat(signIn.statusCode()).isEqualTo(401);

      server.cli("users", "enable", "admin");
      assertThat(server.send("GET", SOURCES, null, "Bearer " + token).statusCode())
          .as("disabling revoked the token: enabling the user does not revive it")
          .isEqualTo(401);
      String fresh = server.signIn(TestServer.ADMIN, TestServer.PASSWORD);
      assertThat(server.send("GET", SOURCES, null, "Bearer " + fresh).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_new_role_applies_to_tokens_already_issued() {
    try (var server = TestServer.start()) {
      String token = server.token();
      var before = server.send("POST", "/rest/V1/inventory/source-items", SAVE, "Bearer " + token);
      assertThat(before.statusCode()).isEqualTo(200);
      server.cli("roles", "add", "readers", "--resources", Acl.SOURCE);
      server.cli("users", "set-role", "admin", "readers");

      assertThat(server.send("GET", SOURCES, null, "Bearer " + token).statusCode()).isEqualTo(200);
      var save = server.send("POST", "/rest/V1/inventory/source-items", SAVE, "Bearer " + token);
      assertThat(save.statusCode()).isEqualTo(401);
      assertThat(save.body()).contains(Acl.STOCK_SOURCE_ITEM_ASSIGN);
    }
  }
}
