package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.Core;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import dev.stockroom.acl.Principal;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.webapi.Call;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A commit listener writes in the unit of work of the change it sees: its row commits with a save
 * that succeeds and is gone with one that is refused, whoever refuses it.
 */
class CommitHookTest {
  private static final Caller ADMIN =
      Caller.of(new Principal(Principal.Kind.ADMIN, 1, "admin", Set.of(Acl.ALL)));

  @Test
  void a_listener_s_rows_commit_and_roll_back_with_the_save() throws Exception {
    try (Core core = Core.open(TestServer.config(Map.of()))) {
      Database database = core.database();
      database.inTransaction(unit -> {
        unit.connection().createStatement().execute("CREATE TABLE hook_row (sku VARCHAR(64))");
        return null;
      });
      // Writes a row per saved item, as a change ledger would.
      database.addCommitListener(unit -> {
        for (UnitOfWork.Change change : unit.changes()) {
          if (change instanceof SourceItemStore.Saved saved) {
            try (PreparedStatement insert =
                unit.connection().prepareStatement("INSERT INTO hook_row (sku) VALUES (?)")) {
              for (SourceItem item : saved.items()) {
                insert.setString(1, item.sku());
                insert.executeUpdate();
              }
            }
          }
        }
      });

      assertThat(save(core, "KEPT", "default")).isInstanceOf(Outcome.Success.class);
      assertThat(save(core, "UNKNOWN-SOURCE", "nowhere"))
          .isInstanceOfSatisfying(
              Outcome.Failure.class, failure -> assertThat(failure.status()).isEqualTo(400));

      // A listener after it refuses the commit: the first listener's row goes with the save.
      database.addCommitListener(unit -> {
        if (unit.changes().stream()
            .anyMatch(change ->
                change instanceof SourceItemStore.Saved saved
                    && saved.items().get(0).sku().equals("REFUSED"))) {
          throw new CouldNotSaveException("Could not save Source Item");
        }
      });
      assertThat(save(core, "REFUSED", "default")).isInstanceOf(Outcome.Failure.class);
      assertThat(save(core, "ALSO-KEPT", "default")).isInstanceOf(Outcome.Success.class);

      assertThat(rows(database, "SELECT sku FROM hook_row ORDER BY sku"))
          .containsExactly("ALSO-KEPT", "KEPT");
      assertThat(rows(database, "SELECT sku FROM source_item ORDER BY sku"))
          .containsExactly("ALSO-KEPT", "KEPT");
      assertThatThrownBy(() ->
              database.inTransaction(unit -> {
                throw new CouldNotSaveException("Could not save Source Item");
              }))
          .isInstanceOf(CouldNotSaveException.class);
    }
  }

  private static Outcome save(Core core, String sku, String sourceCode) {
    return core.dispatcher()
        .dispatch(
            Call.of(
                "POST",
                "/V1/inventory/source-items",
                null,
                "{\"sourceItems\":[{\"sku\":\""
                    + sku
                    + "\",\"source_code\":\""
                    + sourceCode
                    + "\",\"quantity\":1,\"status\":1}]}",
                ADMIN));
  }

  private static List<String> rows(Database database, String sql) {
    return database.read(connection -> {
      var values = new ArrayList<String>();
      try (PreparedStatement select = connection.prepareStatement(sql);
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    });
  }
}
