package dev.stockroom.auth;

import dev.stockroom.acl.Acl;
import dev.stockroom.acl.Principal;
import dev.stockroom.db.Database;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Integrations: named API clients with their own ACL resources and OAuth 1.0a credentials (a
 * consumer key and secret, an access token and its secret; 32 lower-case letters and digits each,
 * as Magento makes them). Integration access tokens do not expire; revoking the integration ends
 * them.
 */
public final class IntegrationStore {
  private final Database database;
  private final Clock clock;

  public IntegrationStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** What an integration's owner is given once, at creation. */
  public record Credentials(
      String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret) {}

  public record Integration(
      long integrationId, String name, boolean active, Set<String> resources, String consumerKey) {}

  /** What verifying a signed request needs. */
  record Consumer(
      Integration integration,
      String consumerSecret,
      String accessTokenHash,
      String accessTokenSecret) {
    Principal principal() {
      return new Principal(
          Principal.Kind.INTEGRATION,
          integration.integrationId(),
          integration.name(),
          integration.active() ? integration.resources() : Set.of());
    }
  }

  /** Creates an integration allowed {@code resources} ({@link Acl#ALL} for everything). */
  public Credentials create(String name, Set<String> resources) {
    resources.forEach(RoleStore::requireKnown);
    var credentials =
        new Credentials(Secrets.random(), Secrets.random(), Secrets.random(), Secrets.random());
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      if (find(connection, "i.name_key = ?", Keys.fold(name)).isPresent()) {
        throw new IllegalArgumentException("Integration \"" + name + "\" already exists.");
      }
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO integration (name, name_key, is_active, consumer_key,
                  consumer_secret, access_token_hash, access_token_secret, created_at)
              VALUES (?, ?, 1, ?, ?, ?, ?, ?)
              """)) {
        insert.setString(1, name);
        insert.setString(2, Keys.fold(name));
        insert.setString(3, credentials.consumerKey());
        insert.setString(4, credentials.consumerSecret());
        insert.setString(5, Secrets.sha256(credentials.accessToken()));
        insert.setString(6, credentials.accessTokenSecret());
        insert.setLong(7, clock.millis());
        insert.executeUpdate();
      }
      long id =
          find(connection, "i.name_key = ?", Keys.fold(name))
              .orElseThrow()
              .integration()
              .integrationId();
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO integration_resource (integration_id, resource) VALUES (?, ?)")) {
        for (String resource : new TreeSet<>(resources)) {
          insert.setLong(1, id);
          insert.setString(2, resource);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
    return credentials;
  }

  public List<Integration> list() {
    return database.read(connection -> {
      var names = new ArrayList<String>();
      try (var select =
              connection.prepareStatement("SELECT name_key FROM integration ORDER BY name_key");
          var rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      var integrations = new ArrayList<Integration>();
      for (String name : names) {
        integrations.add(find(connection, "i.name_key = ?", name).orElseThrow().integration());
      }
      return integrations;
    });
  }

  /**
   * Revokes the integration: its signatures stop working at once, on every instance, and its access
   * token as a bearer token once the servers let go of the sign-ins they hold ({@link
   * RecentSignIns#waitOut}).
   */
  public void revoke(String name) {
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var update =
          connection.prepareStatement("UPDATE integration SET is_active = 0 WHERE name_key = ?")) {
        update.setString(1, Keys.fold(name));
        if (update.executeUpdate() == 0) {
          throw new IllegalArgumentException("No integration \"" + name + "\".");
        }
      }
      return null;
    });
  }

  Optional<Consumer> byConsumerKey(String consumerKey) {
    return database.read(connection -> find(connection, "i.consumer_key = ?", consumerKey));
  }

  Optional<Consumer> byAccessToken(String accessToken) {
    return database.read(
        connection -> find(connection, "i.access_token_hash = ?", Secrets.sha256(accessToken)));
  }

  /**
   * Records a nonce of a consumer; false if it was seen before. Nonces are kept twice the timestamp
   * window (a timestamp may be that far in the past or the future), then forgotten.
   */
  boolean useNonce(String consumerKey, String nonce, Duration window) {
    long now = clock.millis();
    return database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var forget = connection.prepareStatement("DELETE FROM oauth_nonce WHERE seen_at < ?")) {
        forget.setLong(1, now - 2 * window.toMillis());
        forget.executeUpdate();
      }
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO oauth_nonce (consumer_key, nonce, seen_at) VALUES (?, ?, ?)
              ON CONFLICT (consumer_key, nonce) DO NOTHING
              """)) {
        insert.setString(1, consumerKey);
        insert.setString(2, nonce);
        insert.setLong(3, now);
        return insert.executeUpdate() == 1;
      }
    });
  }

  private static Optional<Consumer> find(Connection connection, String condition, String value)
      throws SQLException {
    try (var select =
        connection.prepareStatement(
            """
            SELECT i.integration_id, i.name, i.is_active, i.consumer_key, i.consumer_secret,
                   i.access_token_hash, i.access_token_secret
              FROM integration i
             WHERE %s
            """
                .formatted(condition))) {
      select.setString(1, value);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        long id = rows.getLong("integration_id");
        var integration =
            new Integration(
                id,
                rows.getString("name"),
                rows.getInt("is_active") == 1,
                resources(connection, id),
                rows.getString("consumer_key"));
        return Optional.of(
            new Consumer(
                integration,
                rows.getString("consumer_secret"),
                rows.getString("access_token_hash"),
                rows.getString("access_token_secret")));
      }
    }
  }

  private static Set<String> resources(Connection connection, long integrationId)
      throws SQLException {
    var resources = new TreeSet<String>();
    try (var select =
        connection.prepareStatement(
            "SELECT resource FROM integration_resource WHERE integration_id = ?")) {
      select.setLong(1, integrationId);
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          resources.add(rows.getString(1));
        }
      }
    }
    return resources;
  }
}
