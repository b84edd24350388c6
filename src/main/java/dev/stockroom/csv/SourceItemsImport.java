package dev.stockroom.csv;

import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.inventory.Keys;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.source.Source;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV import of source items: the whole file is checked first; then, if no row is bad (or no more
 * than the errors allowed, which are skipped), its rows are written in one transaction, 10,000 at a
 * time: added or updated (append), deleted and saved again (replace), or deleted (delete), as
 * Magento's behaviours do for the pairs the file lists.
 */
public final class SourceItemsImport {
  static final int CHUNK = 10_000;

  /** Opens the file, once for the check and once for the writes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** What an import did: the check's report, and the rows written (0 if it was refused). */
  public record Result(SourceItemsCsv.Report report, long written, boolean imported) {}

  private final Database database;
  private final SourceStore sources;
  private final SourceItemStore items;

  public SourceItemsImport(Database database, SourceStore sources, SourceItemStore items) {
    this.database = database;
    this.sources = sources;
    this.items = items;
  }

  /** The sources a file may name, by folded code. */
  public Map<String, String> sources() {
    var byKey = new HashMap<String, String>();
    for (Source source : sources.findAll(SearchCriteria.EMPTY)) {
      byKey.put(Keys.fold(source.sourceCode()), source.sourceCode());
    }
    return byKey;
  }

  /** Checks the file; nothing is written. */
  public SourceItemsCsv.Report check(
      Opener file, SourceItemsCsv.Behavior behavior, SourceItemsCsv.Progress progress)
      throws IOException {
    try (InputStream input = file.open()) {
      return SourceItemsCsv.read(input, behavior, sources(), null, progress);
    }
  }

  public Result run(
      Opener file,
      SourceItemsCsv.Behavior behavior,
      long allowedErrors,
      SourceItemsCsv.Progress checking,
      SourceItemsCsv.Progress writing)
      throws IOException {
    SourceItemsCsv.Report report = check(file, behavior, checking);
    if (!report.passes(allowedErrors)) {
      return new Result(report, 0, false);
    }
    Map<String, String> known = sources();
    long written =
        database.inTransaction(unit -> {
          var chunk = new ArrayList<SourceItem>(CHUNK);
          long[] count = {0};
          try (InputStream input = file.open()) {
            SourceItemsCsv.read(
                input,
                behavior,
                known,
                item -> {
                  chunk.add(item);
                  if (chunk.size() == CHUNK) {
                    count[0] += write(unit, behavior, chunk);
                    writing.rows(count[0]);
                    chunk.clear();
                  }
                },
                SourceItemsCsv.Progress.NONE);
          } catch (IOException failure) {
            throw new UncheckedIOException(failure);
          }
          count[0] += write(unit, behavior, chunk);
          writing.rows(count[0]);
          return count[0];
        });
    return new Result(report, written, true);
  }

  private int write(UnitOfWork unit, SourceItemsCsv.Behavior behavior, List<SourceItem> chunk) {
    try {
      if (behavior != SourceItemsCsv.Behavior.APPEND) {
        items.deleteAll(
            unit,
            chunk.stream()
                .map(item -> new SourceItemStore.Pair(item.sourceCode(), item.sku()))
                .toList());
      }
      if (behavior != SourceItemsCsv.Behavior.DELETE) {
        items.saveAll(unit, chunk);
      }
      return chunk.size();
    } catch (SQLException failure) {
      throw new WriteFailed(failure);
    }
  }

  /** A write of the import failed: the transaction rolls back. */
  static final class WriteFailed extends RuntimeException {
    WriteFailed(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
