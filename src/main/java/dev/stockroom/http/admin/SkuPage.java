package dev.stockroom.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Outcome;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One SKU: its items at every source, its salable quantity in every stock, its latest reservations,
 * and its change history with a chart of its quantity over all sources over time. Each part is read
 * through its own route, and a part the user's role may not read says so.
 */
final class SkuPage {
  private static final int HISTORY = 200;

  private final AdminPages admin;

  SkuPage(AdminPages admin) {
    this.admin = admin;
  }

  void register(JavalinConfig javalin) {
    javalin.routes.get("/admin/sku", this::show);
  }

  private void show(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    String sku = Optional.ofNullable(context.queryParam("sku")).orElse("").strip();
    var body = new StringBuilder();
    body.append(
        """
        <form method="get" action="/admin/sku" class="filters" role="search">
          <label>SKU <input name="sku" value="%s" required></label>
          <button type="submit">Show</button>
        </form>
        """
            .formatted(Html.escape(sku)));
    if (sku.isEmpty()) {
      context.html(admin.page("SKU", session, body));
      return;
    }
    Caller caller = Caller.of(session.principal());
    String bySku =
        "searchCriteria[filter_groups][0][filters][0][field]=sku"
            + "&searchCriteria[filter_groups][0][filters][0][value]="
            + AdminPages.encode(sku);

    body.append("<h2>At the sources</h2>");
    Outcome items =
        admin.dispatch(
            caller,
            "GET",
            "/V1/inventory/source-items",
            bySku + "&searchCriteria[sortOrders][0][field]=source_code",
            null);
    table(
        body,
        items,
        List.of("Source", "Quantity", "Status"),
        item ->
            List.of(
                item.path("source_code").asText(),
                item.path("quantity").asText(),
                item.path("status").asInt() == 1 ? "In stock" : "Out of stock"));

    body.append("<h2>Salable quantity</h2>");
    Outcome stocks = admin.dispatch(caller, "GET", "/V1/inventory/stocks", null, null);
    if (stocks instanceof Outcome.Success success) {
      body.append(
          "<table><thead><tr><th scope=\"col\">Stock</th><th scope=\"col\">Salable quantity"
              + "</th></tr></thead><tbody>");
      for (JsonNode stock : admin.json(success).get("items")) {
        Outcome salable =
            admin.dispatch(
                caller,
                "GET",
                "/V1/inventory/get-product-salable-quantity/"
                    + AdminPages.encode(sku)
                    + "/"
                    + stock.path("stock_id").asLong(),
                null,
                null);
        body.append("<tr><td>")
            .append(Html.escape(stock.path("name").asText()))
            .append(" (")
            .append(stock.path("stock_id").asLong())
            .append(")</td><td>")
            .append(
                salable instanceof Outcome.Success value
                    ? Html.escape(admin.json(value).asText())
                    : Html.escape(admin.message(salable)))
            .append("</td></tr>");
      }
      body.append("</tbody></table>");
    } else {
      body.append("<p>").append(Html.escape(admin.message(stocks))).append("</p>");
    }

    body.append("<h2>Reservations (latest 20)</h2>");
    Outcome reservations =
        admin.dispatch(
            caller,
            "GET",
            "/V1/stockroom/reservations",
            bySku
                + "&searchCriteria[sortOrders][0][field]=reservation_id"
                + "&searchCriteria[sortOrders][0][direction]=DESC&searchCriteria[pageSize]=20",
            null);
    table(
        body,
        reservations,
        List.of("Stock", "Quantity", "Metadata"),
        reservation ->
            List.of(
                reservation.path("stock_id").asText(),
                reservation.path("quantity").asText(),
                reservation.path("metadata").asText("")));

    body.append("<h2>Changes</h2>");
    Outcome changes =
        admin.dispatch(
            caller,
            "GET",
            "/V1/stockroom/source-item-changes",
            bySku
                + "&searchCriteria[sortOrders][0][field]=change_id"
                + "&searchCriteria[sortOrders][0][direction]=DESC&searchCriteria[pageSize]="
                + HISTORY,
            null);
    if (changes instanceof Outcome.Success success) {
      var rows = new ArrayList<JsonNode>();
      admin.json(success).get("items").forEach(rows::add);
      body.append(chart(sku, rows.reversed()));
    }
    table(
        body,
        changes,
        List.of("When", "Source", "Before", "After", "Who", "How"),
        change ->
            List.of(
                change.path("changed_at").asText(),
                change.path("source_code").asText(),
                change.path("quantity_before").asText("–"),
                change.path("quantity_after").asText("–"),
                change.path("actor_name").asText(change.path("actor_type").asText()),
                change.path("via").asText("")));
    context.html(admin.page("SKU " + sku, session, body));
  }

  /** The quantity over all sources after each change, as a line (oldest on the left). */
  private static String chart(String sku, List<JsonNode> changes) {
    if (changes.isEmpty()) {
      return "";
    }
    var bySource = new LinkedHashMap<String, BigDecimal>();
    var totals = new ArrayList<BigDecimal>();
    for (JsonNode change : changes) {
      JsonNode after = change.path("quantity_after");
      String source = change.path("source_code").asText();
      if (after.isMissingNode() || after.isNull()) {
        bySource.remove(source);
      } else {
        bySource.put(source, after.decimalValue());
      }
      totals.add(bySource.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }
    BigDecimal max = totals.stream().reduce(BigDecimal.ONE, BigDecimal::max);
    int width = 600;
    int height = 160;
    var points = new StringBuilder();
    for (int index = 0; index < totals.size(); index++) {
      double x =
          totals.size() == 1 ? width / 2.0 : index * (width - 20.0) / (totals.size() - 1) + 10;
      double y = height - 10 - totals.get(index).doubleValue() / max.doubleValue() * (height - 20);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    String description =
        "Quantity of %s over all sources across its last %d changes: from %s to %s (highest %s)."
            .formatted(
                sku,
                totals.size(),
                totals.get(0).stripTrailingZeros().toPlainString(),
                totals.get(totals.size() - 1).stripTrailingZeros().toPlainString(),
                max.stripTrailingZeros().toPlainString());
    return "<figure><svg role=\"img\" aria-label=\""
        + Html.escape(description)
        + "\" width=\"100%\" viewBox=\"0 0 "
        + width
        + " "
        + height
        + "\" style=\"max-width:"
        + width
        + "px;background:#fff;border:1px solid #ddd\">"
        + "<polyline fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"2\" points=\""
        + points.toString().strip()
        + "\"/></svg><figcaption>"
        + Html.escape(description)
        + "</figcaption></figure>";
  }

  /** A table of a search's items, or the reason the user may not see them. */
  private void table(
      StringBuilder body,
      Outcome outcome,
      List<String> headers,
      java.util.function.Function<JsonNode, List<String>> columns) {
    if (!(outcome instanceof Outcome.Success success)) {
      body.append("<p>").append(Html.escape(admin.message(outcome))).append("</p>");
      return;
    }
    JsonNode items = admin.json(success).get("items");
    if (items == null || items.isEmpty()) {
      body.append("<p>None.</p>");
      return;
    }
    body.append("<table><thead><tr>");
    headers.forEach(
        header -> body.append("<th scope=\"col\">").append(Html.escape(header)).append("</th>"));
    body.append("</tr></thead><tbody>");
    for (JsonNode item : items) {
      body.append("<tr>");
      for (String cell : columns.apply(item)) {
        body.append("<td>").append(Html.escape(cell)).append("</td>");
      }
      body.append("</tr>");
    }
    body.append("</tbody></table>");
  }
}
