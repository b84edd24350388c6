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
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A CSV import of source items, in one transaction: every row is checked, the good ones written
 * 10,000 at a time as they are read (added or updated, deleted and saved again, or deleted, as
 * Magento's behaviours append, replace and delete do for the pairs the file lists), and the whole
 * is rolled back if any row is bad (or more than the errors allowed, which are skipped).
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

  /** The sources a file may name: by their code as stored and by their folded code. */
  public Map<String, String> sources() {
    var byKey = new HashMap<String, String>();
    for (Source source : sources.findAll(SearchCriteria.EMPTY)) {
      byKey.put(Keys.fold(source.sourceCode()), source.sourceCode());
      byKey.put(source.sourceCode(), source.sourceCode());
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

  /**
   * Checks and writes in one pass, in one transaction: the good rows are written as they are read,
   * and if the file turns out unusable, or has more bad rows than allowed, the transaction rolls
   * back and nothing stays written. The file is read and checked on a thread of its own while this
   * one writes the rows read before: reading and writing overlap.
   */
  public Result run(
      Opener file,
      SourceItemsCsv.Behavior behavior,
      long allowedErrors,
      SourceItemsCsv.Progress progress)
      throws IOException {
    Map<String, String> known = sources();
    try {
      return database.inTransaction(unit -> {
        var chunks = new ArrayBlockingQueue<List<SourceItem>>(2);
        Future<SourceItemsCsv.Report> reading;
        try (var reader = Executors.newVirtualThreadPerTaskExecutor()) {
          reading = reader.submit(() -> read(file, behavior, known, progress, chunks));
          long written = 0;
          try {
            for (List<SourceItem> chunk = take(chunks); chunk != END; chunk = take(chunks)) {
              written += write(unit, behavior, chunk);
            }
          } catch (RuntimeException failure) {
            // A write failed: the reader has no one left to read for.
            reading.cancel(true);
            throw failure;
          }
          SourceItemsCsv.Report report = report(reading);
          if (!report.passes(allowedErrors)) {
            throw new Refused(report);
          }
          return new Result(report, written, true);
        }
      });
    } catch (Refused refused) {
      return new Result(refused.report, 0, false);
    } catch (UncheckedIOException failure) {
      throw failure.getCause();
    }
  }

  /** The end of the chunks a reader hands over. */
  private static final List<SourceItem> END = List.of();

  /** Reads the file into chunks of good rows, then {@link #END}; returns the report. */
  private static SourceItemsCsv.Report read(
      Opener file,
      SourceItemsCsv.Behavior behavior,
      Map<String, String> known,
      SourceItemsCsv.Progress progress,
      BlockingQueue<List<SourceItem>> chunks)
      throws IOException, InterruptedException {
    var chunk = new ArrayList<SourceItem>(CHUNK);
    try (InputStream input = file.open()) {
      SourceItemsCsv.Report report =
          SourceItemsCsv.read(
              input,
              behavior,
              known,
              item -> {
                chunk.add(item);
                if (chunk.size() == CHUNK) {
                  hand(chunks, List.copyOf(chunk));
                  chunk.clear();
                }
              },
              progress);
      hand(chunks, List.copyOf(chunk));
      return report;
    } finally {
      // However reading ended, the writer stops waiting; a stopped reader has no writer left.
      chunks.put(END);
    }
  }

  private static void hand(BlockingQueue<List<SourceItem>> chunks, List<SourceItem> chunk)
      throws InterruptedIOException {
    if (chunk.isEmpty()) {
      return;
    }
    try {
      chunks.put(chunk);
    } catch (InterruptedException stopped) {
      throw new InterruptedIOException("the import was stopped");
    }
  }

  private static List<SourceItem> take(BlockingQueue<List<SourceItem>> chunks) {
    try {
      return chunks.take();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the import was stopped", stopped);
    }
  }

  private static SourceItemsCsv.Report report(Future<SourceItemsCsv.Report> reading) {
    try {
      return reading.get();
    } catch (ExecutionException failure) {
      if (failure.getCause() instanceof IOException unreadable) {
        throw new UncheckedIOException(unreadable);
      }
      if (failure.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(failure.getCause());
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the import was stopped", stopped);
    }
  }

  /** The file was refused: rolls back what its good rows wrote. */
  private static final class Refused extends RuntimeException {
    private final SourceItemsCsv.Report report;

    Refused(SourceItemsCsv.Report report) {
      super("refused", null, false, false);
      this.report = report;
    }
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
