package dev.stockroom.csv;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.error.WebapiException;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchPage;
import dev.stockroom.search.SearchResults;
import dev.stockroom.search.SearchStream;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.AsyncQueue;
import dev.stockroom.webapi.AsyncResponse;
import dev.stockroom.webapi.Body;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import dev.stockroom.webapi.StreamedBody;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stockroom's CSV routes. An import (a {@code text/csv} body) is checked whole at once: a bad file
 * is refused with every bad row's line and message, and nothing is queued; a good one is queued as
 * operations of 10,000 rows each on the source-item routes, and answered 202 with its bulk, whose
 * status shows how far it got. An export writes the source items a search matches, in the import's
 * format.
 */
public final class CsvRoutes {
  /** The bad rows an error lists at most; the count says how many there were. */
  private static final int LISTED = 1_000;

  private final SourceItemsImport importer;
  private final SourceItemStore items;
  private final AsyncQueue queue;
  private final Router router;

  public CsvRoutes(
      SourceItemsImport importer, SourceItemStore items, AsyncQueue queue, Router router) {
    this.importer = importer;
    this.items = items;
    this.queue = queue;
    this.router = router;
  }

  public void register(Router router) {
    router
        .post("/V1/stockroom/imports/source-items", Acl.STOCK_SOURCE_ITEM_ASSIGN, this::importFile)
        .service(
            new Service(
                "stockroomSourceItemsImportV1",
                "Imports source items from CSV in Magento's stock_sources format (source_code, sku,"
                    + " status, quantity)."),
            "execute",
            "Check a CSV file of source items and queue its rows; the bulk's status shows the"
                + " progress. Query arguments: behavior (append, replace or delete; append by"
                + " default), allowErrors (bad rows to skip; 0 by default).")
        .optional("behavior", ApiType.STRING)
        .optional("allowErrors", ApiType.INTEGER)
        .returns(AsyncResponse.TYPE)
        .throwing(ValidationException.class)
        .csv()
        .accepted()
        .bulk();
    router
        .get("/V1/stockroom/exports/source-items", Acl.SOURCE, this::exportFile)
        .service(
            new Service(
                "stockroomSourceItemsExportV1",
                "Exports source items as CSV in Magento's stock_sources format."),
            "execute",
            "The source items searchCriteria matches (all without it), as CSV that the import"
                + " reads back unchanged.")
        .optional("searchCriteria", SearchCriteria.TYPE)
        .csv();
  }

  private AsyncResponse importFile(RestRequest request) throws IOException {
    SourceItemsCsv.Behavior behavior;
    try {
      String code = request.stringArgument("behavior");
      behavior = SourceItemsCsv.Behavior.of(code == null ? "append" : code);
    } catch (IllegalArgumentException unknown) {
      throw WebapiException.badRequest(unknown.getMessage());
    }
    Long allowed =
        request.argument("allowErrors") == null ? 0L : request.integerArgument("allowErrors");
    Body body = request.csvBody();
    SourceItemsCsv.Report report =
        importer.check(body::stream, behavior, SourceItemsCsv.Progress.NONE);
    if (!report.passes(allowed)) {
      throw refused(report, allowed);
    }
    var operations = new ArrayList<AsyncQueue.Operation>();
    var chunk = new ArrayList<SourceItem>(SourceItemsImport.CHUNK);
    try (var input = body.stream()) {
      SourceItemsCsv.read(
          input,
          behavior,
          importer.sources(),
          item -> {
            chunk.add(item);
            if (chunk.size() == SourceItemsImport.CHUNK) {
              queue(behavior, chunk, operations);
              chunk.clear();
            }
          },
          SourceItemsCsv.Progress.NONE);
    }
    if (!chunk.isEmpty()) {
      queue(behavior, chunk, operations);
    }
    String uuid =
        queue.enqueue(
            request.principal().orElse(null),
            "Import of source items from CSV (" + behavior.code() + ", " + report.rows() + " rows)",
            operations);
    return new AsyncResponse(
        uuid,
        operations.stream()
            .map(operation ->
                AsyncResponse.ItemStatus.accepted(operation.key(), operation.dataHash()))
            .toList(),
        false);
  }

  /** One chunk's operations: a delete (replace, delete) and a save (append, replace). */
  private void queue(
      SourceItemsCsv.Behavior behavior,
      List<SourceItem> chunk,
      List<AsyncQueue.Operation> operations) {
    if (behavior != SourceItemsCsv.Behavior.APPEND) {
      operations.add(call("/V1/inventory/source-items-delete", chunk, operations.size(), false));
    }
    if (behavior != SourceItemsCsv.Behavior.DELETE) {
      operations.add(call("/V1/inventory/source-items", chunk, operations.size(), true));
    }
  }

  private AsyncQueue.Operation call(
      String path, List<SourceItem> chunk, int key, boolean withQuantities) {
    Route route = router.find("POST", path).orElseThrow();
    ObjectNode arguments = JsonNodeFactory.instance.objectNode();
    ArrayNode list = arguments.putArray("sourceItems");
    for (SourceItem item : chunk) {
      ObjectNode each =
          list.addObject().put("sku", item.sku()).put("source_code", item.sourceCode());
      if (withQuantities) {
        each.put("quantity", item.quantity().toBigDecimal()).put("status", item.status());
      }
    }
    return AsyncQueue.operation(key, route, path, arguments);
  }

  private static ValidationException refused(SourceItemsCsv.Report report, long allowed) {
    List<ErrorEntry> listed =
        report.problems().stream().limit(LISTED).map(SourceItemsCsv.Problem::toError).toList();
    if (report.unusable()) {
      return new ValidationException("The file cannot be imported; nothing was imported.", listed);
    }
    return new ValidationException(
        "The file has %bad bad row(s) of %rows, more than the %allowed allowed; nothing was"
            + " imported.",
        Parameters.of("bad", report.badRows(), "rows", report.rows(), "allowed", allowed), listed);
  }

  private CsvExport exportFile(RestRequest request) {
    SearchCriteria criteria =
        request.argument("searchCriteria") == null
            ? SearchCriteria.EMPTY
            : SearchCriteria.bind(request.argument("searchCriteria"));
    return new CsvExport(items.search(criteria));
  }

  /** The matches of a search, written as CSV while the statement reads them. */
  record CsvExport(SearchResults<SourceItem> results) implements StreamedBody {
    @Override
    public String contentType() {
      return "text/csv; charset=utf-8";
    }

    @Override
    public void writeTo(OutputStream output) throws IOException {
      try (var writer = new SourceItemsCsv.Writer(output)) {
        switch (results) {
          case SearchStream<SourceItem> stream -> stream.forEach(writer::write);
          case SearchPage<SourceItem> page -> page.items().forEach(writer::write);
        }
      } catch (UncheckedIOException failure) {
        throw failure.getCause();
      }
    }
  }
}
