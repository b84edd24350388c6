package dev.stockroom.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.webapi.AsyncResponse;
import dev.stockroom.webapi.BodySource;
import dev.stockroom.webapi.Call;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Outcome;
import dev.stockroom.webapi.StreamedBody;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs in the background, and what feeds it: stocks with their channels and sources, bulk
 * operations and imports with their progress (the page refreshes itself while any is open) and
 * their errors, CSV upload and export, and the webhooks with their deliveries and dead letters.
 */
final class OperationsPages {
  private static final String STATUS = "searchCriteria[filter_groups][0][filters][0]";

  private final AdminPages admin;

  OperationsPages(AdminPages admin) {
    this.admin = admin;
  }

  void register(JavalinConfig javalin) {
    javalin.routes.get("/admin/stocks", this::stocks);
    javalin.routes.get("/admin/bulks", this::bulks);
    javalin.routes.get("/admin/bulks/{uuid}", this::bulk);
    javalin.routes.post("/admin/imports", this::importFile);
    javalin.routes.get("/admin/export", this::export);
    javalin.routes.get("/admin/webhooks", this::webhooks);
    javalin.routes.post("/admin/webhooks/{id}/replay", this::replay);
  }

  // ---------------------------------------------------------------- stocks

  private void stocks(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    Caller caller = Caller.of(session.principal());
    var body = new StringBuilder();
    Outcome stocks = admin.dispatch(caller, "GET", "/V1/inventory/stocks", null, null);
    if (!(stocks instanceof Outcome.Success success)) {
      context
          .status(AdminPages.status(stocks))
          .html(admin.page("Stocks", session, AdminPages.error(admin.message(stocks))));
      return;
    }
    for (JsonNode stock : admin.json(success).get("items")) {
      long id = stock.path("stock_id").asLong();
      body.append("<h2>")
          .append(Html.escape(stock.path("name").asText()))
          .append(" (")
          .append(id)
          .append(")</h2><p>Sales channels: ");
      var channels = new LinkedHashSet<String>();
      stock
          .path("extension_attributes")
          .path("sales_channels")
          .forEach(channel ->
              channels.add(channel.path("type").asText() + " " + channel.path("code").asText()));
      body.append(channels.isEmpty() ? "none" : Html.escape(String.join(", ", channels)))
          .append("</p>");
      Outcome links =
          admin.dispatch(
              caller,
              "GET",
              "/V1/inventory/stock-source-links",
              STATUS
                  + "[field]=stock_id&"
                  + STATUS
                  + "[value]="
                  + id
                  + "&searchCriteria[sortOrders][0][field]=priority",
              null);
      if (links instanceof Outcome.Success linked) {
        JsonNode items = admin.json(linked).get("items");
        if (items.isEmpty()) {
          body.append("<p>No sources.</p>");
          continue;
        }
        body.append("<table><thead><tr><th scope=\"col\">Priority</th>")
            .append("<th scope=\"col\">Source</th></tr></thead><tbody>");
        for (JsonNode link : items) {
          body.append("<tr><td>")
              .append(link.path("priority").asInt())
              .append("</td><td>")
              .append(Html.escape(link.path("source_code").asText()))
              .append("</td></tr>");
        }
        body.append("</tbody></table>");
      } else {
        body.append("<p>").append(Html.escape(admin.message(links))).append("</p>");
      }
    }
    context.html(admin.page("Stocks", session, body));
  }

  // ---------------------------------------------------------------- bulks, imports, exports

  private void bulks(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    Caller caller = Caller.of(session.principal());
    var body = new StringBuilder();
    if (session.principal().allows(Acl.STOCK_SOURCE_ITEM_ASSIGN)) {
      body.append(
          """
          <h2>Import source items from CSV</h2>
          <form method="post" action="/admin/imports" enctype="multipart/form-data">
            %s
            <p><label for="import-file">CSV file (source_code, sku, status, quantity)</label><br>
            <input id="import-file" type="file" name="file" accept=".csv,text/csv" required></p>
            <p><label for="import-behavior">Behaviour</label><br>
            <select id="import-behavior" name="behavior">
              <option value="append">Add or update</option>
              <option value="replace">Replace</option>
              <option value="delete">Delete</option></select></p>
            <p><button type="submit">Import</button></p>
          </form>
          """
              .formatted(AdminPages.hidden("csrf", session.csrf())));
    }
    if (session.principal().allows(Acl.SOURCE)) {
      body.append(
          """
          <h2>Export source items as CSV</h2>
          <form method="get" action="/admin/export">
            <p><label for="export-source">Source (all when empty)</label><br>
            <input id="export-source" name="source"></p>
            <p><button type="submit">Download CSV</button></p>
          </form>
          """);
    }
    body.append("<h2>Bulk operations</h2>");
    // The latest operations name the latest bulks.
    Outcome operations =
        admin.dispatch(
            caller,
            "GET",
            "/V1/bulk",
            "searchCriteria[sortOrders][0][field]=start_time"
                + "&searchCriteria[sortOrders][0][direction]=DESC"
                + "&searchCriteria[pageSize]=500",
            null);
    if (!(operations instanceof Outcome.Success listed)) {
      body.append("<p>").append(Html.escape(admin.message(operations))).append("</p>");
      context.html(admin.page("Bulk operations and imports", session, body));
      return;
    }
    var uuids = new LinkedHashSet<String>();
    for (JsonNode operation : admin.json(listed).get("items")) {
      if (uuids.size() < 20) {
        uuids.add(operation.path("bulk_uuid").asText());
      }
    }
    boolean open = false;
    body.append(
        "<table><thead><tr><th scope=\"col\">Started</th><th scope=\"col\">Description</th>"
            + "<th scope=\"col\">Progress</th><th scope=\"col\">Failed</th></tr></thead><tbody>");
    for (String uuid : uuids) {
      Outcome status = admin.dispatch(caller, "GET", "/V1/bulk/" + uuid + "/status", null, null);
      if (!(status instanceof Outcome.Success read)) {
        continue;
      }
      JsonNode bulk = admin.json(read);
      int total = bulk.path("operation_count").asInt();
      int done = 0;
      int failed = 0;
      for (JsonNode operation : bulk.path("operations_list")) {
        int state = operation.path("status").asInt();
        if (state != 4) {
          done++;
        }
        if (state == 2 || state == 3 || state == 5) {
          failed++;
        }
      }
      open |= done < total;
      body.append("<tr><td>")
          .append(Html.escape(bulk.path("start_time").asText()))
          .append("</td><td><a href=\"/admin/bulks/")
          .append(Html.escape(uuid))
          .append("\">")
          .append(Html.escape(bulk.path("description").asText()))
          .append("</a></td><td>")
          .append("<progress max=\"")
          .append(total)
          .append("\" value=\"")
          .append(done)
          .append("\" aria-label=\"Operations done\">")
          .append(done)
          .append(" of ")
          .append(total)
          .append("</progress> ")
          .append(done)
          .append(" of ")
          .append(total)
          .append("</td><td>")
          .append(failed)
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    String page = admin.page("Bulk operations and imports", session, body);
    if (open) {
      // Live progress: the page reads the bulks again every two seconds while one is open.
      page = page.replace("<head>", "<head>\n<meta http-equiv=\"refresh\" content=\"2\">");
    }
    context.html(page);
  }

  private void bulk(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    String uuid = context.pathParam("uuid");
    Outcome outcome =
        admin.dispatch(
            Caller.of(session.principal()),
            "GET",
            "/V1/bulk/" + AdminPages.encode(uuid) + "/detailed-status",
            null,
            null);
    if (!(outcome instanceof Outcome.Success success)) {
      context
          .status(AdminPages.status(outcome))
          .html(admin.page("Bulk", session, AdminPages.error(admin.message(outcome))));
      return;
    }
    JsonNode bulk = admin.json(success);
    var body = new StringBuilder();
    int total = bulk.path("operation_count").asInt();
    int done = 0;
    body.append("<p>")
        .append(Html.escape(bulk.path("description").asText()))
        .append(", started ")
        .append(Html.escape(bulk.path("start_time").asText()))
        .append("</p>")
        .append("<table><thead><tr><th scope=\"col\">Operation</th><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">Result</th></tr></thead><tbody>");
    for (JsonNode operation : bulk.path("operations_list")) {
      int state = operation.path("status").asInt();
      if (state != 4) {
        done++;
      }
      body.append("<tr><td>")
          .append(operation.path("id").asInt())
          .append("</td><td>")
          .append(statusName(state))
          .append("</td><td")
          .append(state == 2 || state == 3 || state == 5 ? " class=\"error\"" : "")
          .append(">")
          .append(Html.escape(operation.path("result_message").asText("")))
          .append("</td></tr>");
    }
    body.append("</tbody></table><p id=\"progress\">")
        .append(done)
        .append(" of ")
        .append(total)
        .append(" operations done.</p><p><a href=\"/admin/bulks\">All bulk operations</a></p>");
    String page = admin.page("Bulk " + uuid, session, body);
    if (done < total) {
      page = page.replace("<head>", "<head>\n<meta http-equiv=\"refresh\" content=\"1\">");
    }
    context.html(page);
  }

  private static String statusName(int status) {
    return switch (status) {
      case 1 -> "Complete";
      case 2 -> "Failed, may pass on retry";
      case 3 -> "Failed";
      case 4 -> "Open";
      case 5 -> "Rejected";
      default -> Integer.toString(status);
    };
  }

  /** A CSV file uploaded: checked and queued by the import route; its bulk's page follows it. */
  private void importFile(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty() || !admin.checkCsrf(context, found.get())) {
      return;
    }
    AdminPages.Session session = found.get();
    UploadedFile file = context.uploadedFile("file");
    byte[] csv;
    try (InputStream content = file == null ? InputStream.nullInputStream() : file.content()) {
      csv = content.readAllBytes();
    }
    String behavior = String.valueOf(context.formParam("behavior"));
    Outcome outcome =
        admin
            .dispatcher()
            .dispatch(
                new Call(
                    "POST",
                    null,
                    "/V1/stockroom/imports/source-items",
                    "behavior=" + AdminPages.encode(behavior),
                    "text/csv",
                    BodySource.of(csv),
                    Caller.of(session.principal())));
    if (outcome instanceof Outcome.Success success
        && success.value() instanceof AsyncResponse accepted) {
      context.redirect("/admin/bulks/" + accepted.bulkUuid(), HttpStatus.SEE_OTHER);
      return;
    }
    var body = new StringBuilder(AdminPages.error(admin.message(outcome)));
    if (outcome instanceof Outcome.Failure failure
        && failure.body().get("errors") instanceof List<?> errors) {
      body.append("<ul>");
      for (Object error : errors) {
        if (error instanceof Map<?, ?> entry) {
          body.append("<li>")
              .append(Html.escape(AdminPages.render(entry.get("message"), entry.get("parameters"))))
              .append("</li>");
        }
      }
      body.append("</ul>");
    }
    body.append("<p><a href=\"/admin/bulks\">Back</a></p>");
    context.status(AdminPages.status(outcome)).html(admin.page("Import refused", session, body));
  }

  /** The export route's CSV, downloaded as a file. */
  private void export(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    String source = Optional.ofNullable(context.queryParam("source")).orElse("").strip();
    String query =
        source.isEmpty()
            ? null
            : STATUS + "[field]=source_code&" + STATUS + "[value]=" + AdminPages.encode(source);
    Outcome outcome =
        admin.dispatch(
            Caller.of(session.principal()),
            "GET",
            "/V1/stockroom/exports/source-items",
            query,
            null);
    if (outcome instanceof Outcome.Success success && success.value() instanceof StreamedBody csv) {
      context
          .contentType(csv.contentType())
          .header("Content-Disposition", "attachment; filename=\"source-items.csv\"");
      csv.writeTo(context.outputStream());
      return;
    }
    context
        .status(AdminPages.status(outcome))
        .html(admin.page("Export", session, AdminPages.error(admin.message(outcome))));
  }

  // ---------------------------------------------------------------- webhooks

  private void webhooks(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    Caller caller = Caller.of(session.principal());
    Outcome outcome = admin.dispatch(caller, "GET", "/V1/stockroom/webhooks", null, null);
    if (!(outcome instanceof Outcome.Success success)) {
      context
          .status(AdminPages.status(outcome))
          .html(admin.page("Webhooks", session, AdminPages.error(admin.message(outcome))));
      return;
    }
    var body = new StringBuilder();
    JsonNode webhooks = admin.json(success);
    if (webhooks.isEmpty()) {
      body.append("<p>No webhooks. Add one with <code>POST /rest/V1/stockroom/webhooks</code> or")
          .append(" <code>./stockroom webhooks add URL</code>.</p>");
    }
    for (JsonNode webhook : webhooks) {
      long id = webhook.path("webhook_id").asLong();
      body.append("<h2>")
          .append(Html.escape(webhook.path("url").asText()))
          .append("</h2>")
          .append("<p>Events: ")
          .append(Html.escape(join(webhook.path("event_types"))))
          .append(". Delivered: ")
          .append(webhook.path("delivered").asLong())
          .append(". Failed attempts of the delivery now due: ")
          .append(webhook.path("attempts").asInt())
          .append(
              webhook.hasNonNull("last_error")
                  ? " (" + Html.escape(webhook.path("last_error").asText()) + ")"
                  : "")
          .append(".</p>");
      Outcome letters =
          admin.dispatch(
              caller, "GET", "/V1/stockroom/webhooks/" + id + "/dead-letters", null, null);
      if (letters instanceof Outcome.Success parked && !admin.json(parked).isEmpty()) {
        body.append("<table><thead><tr><th scope=\"col\">Dead letter</th>")
            .append("<th scope=\"col\">Events</th><th scope=\"col\">Parked</th>")
            .append("<th scope=\"col\">Error</th></tr></thead><tbody>");
        for (JsonNode letter : admin.json(parked)) {
          body.append("<tr><td>")
              .append(letter.path("dead_letter_id").asLong())
              .append("</td><td>")
              .append(letter.path("event_count").asInt())
              .append("</td><td>")
              .append(Html.escape(letter.path("parked_at").asText()))
              .append("</td><td>")
              .append(Html.escape(letter.path("error").asText("")))
              .append("</td></tr>");
        }
        body.append("</tbody></table><form method=\"post\" action=\"/admin/webhooks/")
            .append(id)
            .append("/replay\">")
            .append(AdminPages.hidden("csrf", session.csrf()))
            .append("<button type=\"submit\">Send the dead letters again</button></form>");
      }
    }
    context.html(admin.page("Webhooks", session, body));
  }

  private void replay(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty() || !admin.checkCsrf(context, found.get())) {
      return;
    }
    AdminPages.Session session = found.get();
    Outcome outcome =
        admin.dispatch(
            Caller.of(session.principal()),
            "POST",
            "/V1/stockroom/webhooks/"
                + AdminPages.encode(context.pathParam("id"))
                + "/dead-letters/replay",
            null,
            Map.of());
    if (outcome instanceof Outcome.Success) {
      context.redirect("/admin/webhooks", HttpStatus.SEE_OTHER);
    } else {
      context
          .status(AdminPages.status(outcome))
          .html(admin.page("Webhooks", session, AdminPages.error(admin.message(outcome))));
    }
  }

  private static String join(JsonNode values) {
    var joined = new StringBuilder();
    values.forEach(value -> joined.append(joined.isEmpty() ? "" : ", ").append(value.asText()));
    return joined.toString();
  }
}
