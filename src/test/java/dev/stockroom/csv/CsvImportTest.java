package dev.stockroom.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.TestServer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CSV import and export through the command line, on a real database: a round trip of a million
 * rows, and bad files that each get a report and write nothing.
 */
class CsvImportTest {
  private static final int ROWS = Integer.getInteger("stockroom.csv.rows", 1_000_000);
  private static final List<String> SOURCES = List.of("default", "src-b", "src-c", "src-d");

  @Test
  void a_million_rows_export_import_into_an_empty_database_and_export_again_identically()
      throws Exception {
    Path work = Files.createTempDirectory("csv-round-trip-");
    Path original = work.resolve("original.csv");
    try (BufferedWriter out = Files.newBufferedWriter(original, StandardCharsets.UTF_8)) {
      out.write("source_code,sku,status,quantity\n");
      for (int row = 0; row < ROWS; row++) {
        String source = SOURCES.get(row % SOURCES.size());
        // Quantities with every number of places, negative ones, and SKUs that need quoting.
        long e4 = (row * 7_919L % 2_000_000_000L) - (row % 10 == 0 ? 1_000_000_000L : 0);
        String sku = row % 1_000 == 0 ? "\"SKU, " + row + "\"" : "SKU-" + row;
        out.write(
            source
                + ","
                + sku
                + ","
                + (row % 3 == 0 ? 0 : 1)
                + ","
                + SourceItemsCsv.fourPlaces(dev.stockroom.inventory.Quantity.ofE4(e4))
                + "\n");
      }
    }
    Path first = work.resolve("first.csv");
    Path second = work.resolve("second.csv");
    long importSeconds;
    try (var server = withSources()) {
      long started = System.nanoTime();
      assertThat(server.cli("import", "source-items", original.toString()))
          .contains("Imported " + ROWS + " of " + ROWS + " row(s) (append).");
      importSeconds = (System.nanoTime() - started) / 1_000_000_000L;
      server.cli("export", "source-items", "--output", first.toString());
    }
    try (var empty = withSources()) {
      empty.cli("import", "source-items", first.toString());
      empty.cli("export", "source-items", "--output", second.toString());
    }
    assertThat(Files.mismatch(first, second)).as("the second export differs at byte").isEqualTo(-1);
    // The export lists items in the order they were stored (by key within each 10,000 rows).
    assertThat(sortedLines(first)).as("the rows exported").isEqualTo(sortedLines(original));
    System.out.printf(
        "CsvImportTest (%s): %,d rows imported in %d s, exported, imported and exported again"
            + " identically (%,d bytes)%n",
        TestServer.isPostgres() ? "postgresql" : "sqlite", ROWS, importSeconds, Files.size(first));
  }

  @Test
  void bad_files_each_get_a_report_and_write_nothing() throws Exception {
    Path work = Files.createTempDirectory("csv-bad-");
    try (var server = withSources()) {
      Path good = write(work, "good.csv", "source_code,sku,status,quantity\ndefault,KEEP,1,5\n");
      server.cli("import", "source-items", good.toString());
      String header = "source_code,sku,status,quantity\n";
      String field = "x".repeat(10 * 1024 * 1024);
      Map<String, byte[]> files =
          Map.of(
              "missing-column.csv",
              bytes("sku,status,quantity\nA,1,1\n"),
              "bad-status.csv",
              bytes(header + "default,A,1,1\ndefault,B,yes,1\n"),
              "bad-quantity.csv",
              bytes(header + "default,A,1,1\ndefault,B,1,1.2.3\ndefault,C,1,1e99\n"),
              "unknown-source.csv",
              bytes(header + "default,A,1,1\nnowhere,B,1,1\n"),
              "latin-1.csv",
              (header + "default,A,1,1\ndefault,Gr\u00fcn,1,1\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              "huge-field.csv",
              bytes(header + "default,A,1,1\ndefault," + field + ",1,1\n"),
              "not-csv.csv",
              new byte[] {0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, (byte) 0x88, 0x00});
      Map<String, String> reports =
          Map.of(
              "missing-column.csv", "line 1: Missing required column \"source_code\"",
              "bad-status.csv", "line 3: \"status\" should a known status.",
              "bad-quantity.csv", "line 3: \"quantity\" should be numeric.",
              "unknown-source.csv", "line 3: Source code \"nowhere\" does not exists",
              "latin-1.csv", "The file is not UTF-8 text",
              "huge-field.csv", "line 3: \"sku\" can not be longer than 64 characters.",
              "not-csv.csv", "The file is not UTF-8 text");
      for (var file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.write(path, file.getValue());
        assertThatThrownBy(() -> server.cli("import", "source-items", path.toString()))
            .as(file.getKey())
            .hasMessageContaining(reports.get(file.getKey()))
            .hasMessageContaining("nothing was imported");
      }
      String export = server.cli("export", "source-items");
      assertThat(export).isEqualTo(header + "default,KEEP,1,5.0000\n");
    }
  }

  @Test
  void a_bom_crlf_and_quoted_fields_are_read_and_allowed_errors_are_skipped() throws Exception {
    Path work = Files.createTempDirectory("csv-forms-");
    try (var server = withSources()) {
      Path file = work.resolve("windows.csv");
      Files.write(
          file,
          ("\uFEFF\"source_code\",\"sku\",\"status\",\"quantity\"\r\n"
                  + "default,\"A \"\"quoted\"\" sku\",1,1.5\r\n"
                  + "src-b,\"line\nbreak\",0,2\r\n"
                  + "nowhere,C,1,3\r\n")
              .getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> server.cli("import", "source-items", file.toString()))
          .hasMessageContaining("line 5: Source code \"nowhere\" does not exists");
      assertThat(server.cli("import", "source-items", file.toString(), "--allow-errors", "1"))
          .contains("Imported 2 of 3 row(s) (append); 1 bad row(s) skipped.");
      assertThat(server.cli("export", "source-items"))
          .isEqualTo(
              "source_code,sku,status,quantity\n"
                  + "default,\"A \"\"quoted\"\" sku\",1,1.5000\n"
                  + "src-b,\"line\nbreak\",0,2.0000\n");
      Path delete = write(work, "delete.csv", "sku,source_code\n\"line\nbreak\",SRC-B\n");
      server.cli("import", "source-items", delete.toString(), "--behavior", "delete");
      assertThat(server.cli("export", "source-items", "--source", "src-b"))
          .isEqualTo("source_code,sku,status,quantity\n");
    }
  }

  private static TestServer withSources() {
    var server = TestServer.start();
    for (String source : SOURCES.subList(1, SOURCES.size())) {
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/inventory/sources",
                      "{\"source\":{\"source_code\":\""
                          + source
                          + "\",\"name\":\""
                          + source
                          + "\",\"country_id\":\"US\",\"postcode\":\"1\"}}")
                  .statusCode())
          .isEqualTo(200);
    }
    return server;
  }

  private static List<String> sortedLines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().sorted().toList();
  }

  private static Path write(Path directory, String name, String text) throws Exception {
    return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
