package dev.stockroom.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.Parameters;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.sourceitem.SourceItem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Source items as CSV in Magento's {@code stock_sources} import and export format: a header of
 * {@code source_code,sku,status,quantity} (in any order, other columns ignored on import), one
 * source item a row. Read as UTF-8 (a BOM is skipped), RFC 4180 quoting, LF or CRLF; written with
 * LF, quotes only where needed and quantities with their 4 places ({@code 5.5000}), as Magento
 * exports them, so that an export imports back unchanged.
 *
 * <p>Every row is checked before anything is written; a bad row is reported with its line and a
 * Magento-style message. Magento checks only that the columns exist and the sources are known, and
 * silently reads a bad quantity as 0.
 */
public final class SourceItemsCsv {
  public static final List<String> COLUMNS = List.of("source_code", "sku", "status", "quantity");

  /** Magento's import behaviours (Basic): add/update, replace, delete. */
  public enum Behavior {
    APPEND,
    REPLACE,
    DELETE;

    /** Magento's code ({@code append}, {@code replace}, {@code delete}); {@code add} too. */
    public static Behavior of(String code) {
      return switch (code.toLowerCase(Locale.ROOT)) {
        case "append", "add", "add-update", "update" -> APPEND;
        case "replace" -> REPLACE;
        case "delete" -> DELETE;
        default ->
            throw new IllegalArgumentException(
                "Unknown behavior \"" + code + "\": append, replace or delete.");
      };
    }

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A problem of the file ({@code line} 1, the header) or of one row. */
  public record Problem(long line, String message) {
    public ErrorEntry toError() {
      return new ErrorEntry(
          "Line %line: %message", Parameters.of("line", line, "message", message));
    }

    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  /**
   * What a check found: the rows read, the bad ones among them, and every problem; a problem of the
   * file itself (a missing column, text that is not UTF-8 or not CSV) makes the file unusable.
   */
  public record Report(long rows, long badRows, List<Problem> problems, boolean unusable) {
    public boolean passes(long allowedErrors) {
      return !unusable && badRows <= allowedErrors;
    }
  }

  /** Takes the good rows of a file, in order. */
  @FunctionalInterface
  public interface RowSink {
    void accept(SourceItem item) throws IOException;
  }

  /** Told how many rows have been read, now and then. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = rows -> {};

    void rows(long read);
  }

  private static final Pattern COLUMN_NAME = Pattern.compile("^[a-z][a-z0-9_]*$");
  private static final int PROGRESS_EVERY = 10_000;

  /** Fields larger than this make the file unusable (FastCSV's buffer: 16 MiB by default). */
  private static final int MAX_FIELD = 16 * 1024 * 1024;

  private SourceItemsCsv() {}

  /**
   * Reads a file, checking every row against the known sources ({@code sources}: code, as stored or
   * folded, → code); gives each good row to {@code sink} (null: check only). Duplicate (source,
   * sku) rows are bad after their first.
   */
  public static Report read(
      InputStream input,
      Behavior behavior,
      Map<String, String> sources,
      RowSink sink,
      Progress progress) {
    var problems = new ArrayList<Problem>();
    long rows = 0;
    long bad = 0;
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .skipEmptyLines(true)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .maxBufferSize(MAX_FIELD)
            .ofCsvRecord(utf8(input))) {
      Map<String, Integer> columns = null;
      int width = 0;
      var seen = new HashMap<String, Long>();
      for (CsvRecord record : reader) {
        if (columns == null) {
          width = record.getFieldCount();
          columns = header(record, behavior, problems);
          if (columns == null) {
            return new Report(0, 0, problems, true);
          }
          continue;
        }
        rows++;
        long line = record.getStartingLineNumber();
        int before = problems.size();
        SourceItem item = row(record, line, width, columns, behavior, sources, seen, problems);
        if (problems.size() > before) {
          bad++;
        } else if (sink != null) {
          sink.accept(item);
        }
        if (rows % PROGRESS_EVERY == 0) {
          progress.rows(rows);
        }
      }
      if (columns == null) {
        problems.add(new Problem(1, "The file is empty: it has no header line."));
        return new Report(0, 0, problems, true);
      }
    } catch (UncheckedIOException failure) {
      if (failure.getCause() instanceof CharacterCodingException) {
        problems.add(
            new Problem(
                Math.max(1, rows + 1),
                "The file is not UTF-8 text (first bad bytes after line " + (rows + 1) + ")."));
        return new Report(rows, bad, problems, true);
      }
      throw failure;
    } catch (CsvParseException notCsv) {
      problems.add(new Problem(rows + 2, "The file is not CSV: " + reason(notCsv)));
      return new Report(rows, bad, problems, true);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    progress.rows(rows);
    return new Report(rows, bad, problems, false);
  }

  /**
   * UTF-8 that refuses bytes that are not UTF-8, rather than reading them as U+FFFD; a byte order
   * mark at the start is skipped.
   */
  private static Reader utf8(InputStream input) throws IOException {
    var buffered = new BufferedInputStream(input, 1 << 16);
    buffered.mark(3);
    byte[] start = buffered.readNBytes(3);
    if (!(start.length == 3
        && (start[0] & 0xff) == 0xEF
        && (start[1] & 0xff) == 0xBB
        && (start[2] & 0xff) == 0xBF)) {
      buffered.reset();
    }
    return new InputStreamReader(
        buffered,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static String reason(CsvParseException failure) {
    Throwable cause = failure.getCause();
    return cause == null || cause.getMessage() == null
        ? failure.getMessage()
        : failure.getMessage() + " (" + cause.getMessage() + ")";
  }

  /**
   * The header's columns by name, or null with the file's problems: names Magento refuses, and the
   * columns the behaviour needs.
   */
  private static Map<String, Integer> header(
      CsvRecord record, Behavior behavior, List<Problem> problems) {
    var columns = new LinkedHashMap<String, Integer>();
    var invalid = new ArrayList<String>();
    var empty = new ArrayList<String>();
    for (int index = 0; index < record.getFieldCount(); index++) {
      String name = record.getField(index);
      if (name.isEmpty()) {
        empty.add(Integer.toString(index + 1));
      } else if (!COLUMN_NAME.matcher(name).matches()) {
        invalid.add(name);
      } else {
        columns.putIfAbsent(name, index);
      }
    }
    if (!empty.isEmpty()) {
      problems.add(
          new Problem(
              1, "Columns number: \"" + String.join(", ", empty) + "\" have empty headers"));
    }
    if (!invalid.isEmpty()) {
      problems.add(
          new Problem(1, "Column names: \"" + String.join(", ", invalid) + "\" are invalid"));
    }
    List<String> needed =
        behavior == Behavior.DELETE
            ? List.of("source_code", "sku")
            : List.of("source_code", "sku", "quantity");
    for (String column : needed) {
      if (!columns.containsKey(column)) {
        problems.add(new Problem(1, "Missing required column \"" + column + "\""));
      }
    }
    return problems.isEmpty() ? columns : null;
  }

  private static SourceItem row(
      CsvRecord record,
      long line,
      int width,
      Map<String, Integer> columns,
      Behavior behavior,
      Map<String, String> sources,
      Map<String, Long> seen,
      List<Problem> problems) {
    if (record.getFieldCount() != width) {
      problems.add(
          new Problem(
              line, "Number of columns does not correspond to the number of rows in the header"));
      return null;
    }
    String sourceCode = field(record, columns, "source_code");
    String sku = field(record, columns, "sku");
    var errors = new ArrayList<ErrorEntry>();
    String source = sources.get(sourceCode);
    if (source == null) {
      source = sources.get(Keys.fold(sourceCode));
    }
    if (source == null) {
      problems.add(new Problem(line, "Source code \"" + sourceCode + "\" does not exists"));
    }
    Sku.validate(sku, errors);
    Quantity quantity = Quantity.ZERO;
    int status = SourceItem.IN_STOCK;
    if (behavior != Behavior.DELETE) {
      quantity = quantity(field(record, columns, "quantity"), errors);
      status = status(field(record, columns, "status"), errors);
    }
    errors.forEach(error -> problems.add(new Problem(line, error.rendered())));
    if (source == null || !errors.isEmpty()) {
      return null;
    }
    // The source is its stored code already: only the SKU needs folding.
    Long first = seen.putIfAbsent(source + '\u0000' + Keys.fold(sku), line);
    if (first != null) {
      problems.add(
          new Problem(
              line,
              "Source code \""
                  + sourceCode
                  + "\" and sku \""
                  + sku
                  + "\" are on line "
                  + first
                  + " already"));
      return null;
    }
    return new SourceItem(sku, source, quantity, status);
  }

  private static String field(CsvRecord record, Map<String, Integer> columns, String name) {
    Integer index = columns.get(name);
    return index == null ? "" : record.getField(index);
  }

  private static Quantity quantity(String text, List<ErrorEntry> errors) {
    long plain = plainE4(text);
    if (plain != NOT_PLAIN) {
      return Quantity.ofE4(plain);
    }
    String trimmed = text.strip();
    if (!Php.isNumeric(trimmed)) {
      errors.add(ErrorEntry.forField("\"%field\" should be numeric.", "quantity"));
      return null;
    }
    return Quantity.validate(
        Php.toNumber(trimmed), "quantity", "\"%field\" should be numeric.", errors);
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The quantity of a plain decimal within the column's range ({@code 12}, {@code -3.5}, {@code
   * 10.0000}: what an export writes, and most files hold) in units of 0.0001, read without a
   * BigDecimal; {@link #NOT_PLAIN} for anything else, which the general rules then read.
   */
  static long plainE4(String text) {
    int length = text.length();
    int index = 0;
    boolean negative = length > 0 && text.charAt(0) == '-';
    if (negative) {
      index++;
    }
    long whole = 0;
    int digits = 0;
    while (index < length && Character.isDigit(text.charAt(index)) && text.charAt(index) < 128) {
      whole = whole * 10 + (text.charAt(index++) - '0');
      if (++digits > 8) {
        return NOT_PLAIN;
      }
    }
    if (digits == 0) {
      return NOT_PLAIN;
    }
    long fraction = 0;
    if (index < length) {
      if (text.charAt(index++) != '.') {
        return NOT_PLAIN;
      }
      int places = 0;
      while (index < length) {
        char c = text.charAt(index++);
        if (c < '0' || c > '9' || ++places > 4) {
          return NOT_PLAIN;
        }
        fraction = fraction * 10 + (c - '0');
      }
      if (places == 0) {
        return NOT_PLAIN;
      }
      for (; places < 4; places++) {
        fraction *= 10;
      }
    }
    long e4 = whole * 10_000 + fraction;
    return negative ? -e4 : e4;
  }

  /** 1 or 0; empty is 1, as Magento reads it. */
  private static int status(String text, List<ErrorEntry> errors) {
    return switch (text.strip()) {
      case "", "1" -> SourceItem.IN_STOCK;
      case "0" -> SourceItem.OUT_OF_STOCK;
      default -> {
        errors.add(ErrorEntry.forField("\"%field\" should a known status.", "status"));
        yield SourceItem.IN_STOCK;
      }
    };
  }

  /** Writes source items as the import reads them back, header first. */
  public static final class Writer implements AutoCloseable {
    private final CsvWriter csv;

    public Writer(OutputStream output) {
      this.csv =
          CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(output, StandardCharsets.UTF_8);
      csv.writeRecord(COLUMNS);
    }

    public void write(SourceItem item) {
      csv.writeRecord(
          item.sourceCode(),
          item.sku(),
          Integer.toString(item.status()),
          fourPlaces(item.quantity()));
    }

    @Override
    public void close() throws IOException {
      csv.close();
    }
  }

  /** A quantity with its 4 places, as Magento's decimal(12,4) column prints: 5.5000, -2.0000. */
  static String fourPlaces(Quantity quantity) {
    long e4 = quantity.e4();
    String sign = e4 < 0 ? "-" : "";
    long magnitude = Math.abs(e4);
    return sign + magnitude / 10_000 + "." + String.format(Locale.ROOT, "%04d", magnitude % 10_000);
  }
}
