package dev.stockroom.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.acl.Acl;
import dev.stockroom.acl.Principal;
import dev.stockroom.auth.AdminTokenStore;
import dev.stockroom.auth.Authenticator;
import dev.stockroom.http.RequestLog;
import dev.stockroom.webapi.BodySource;
import dev.stockroom.webapi.Call;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Dispatcher;
import dev.stockroom.webapi.Outcome;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin page at {@code /admin}, rendered on the server. A session is an admin token (the token
 * route signs in, with its lock-out and messages) kept in an HttpOnly, SameSite=Strict cookie
 * (Secure behind TLS). Every page reads and writes through the dispatcher as the signed-in user, so
 * each action is checked against the ACL resource of the REST route it mirrors; actions the role
 * lacks are not offered. Every change carries a CSRF token, the SHA-256 of "csrf:" and the
 * session's token, which a page of another site cannot know.
 */
public final class AdminPages {
  static final String COOKIE = "stockroom_admin";
  private static final int PAGE_SIZE = 20;
  private static final List<String> SORTS = List.of("sku", "source_code", "quantity", "status");

  private final Dispatcher dispatcher;
  private final Authenticator authenticator;
  private final AdminTokenStore tokens;
  private final ObjectMapper mapper;

  public AdminPages(
      Dispatcher dispatcher,
      Authenticator authenticator,
      AdminTokenStore tokens,
      ObjectMapper mapper) {
    this.dispatcher = dispatcher;
    this.authenticator = authenticator;
    this.tokens = tokens;
    this.mapper = mapper;
  }

  public void register(JavalinConfig javalin) {
    new SourcesPage(this).register(javalin);
    new SkuPage(this).register(javalin);
    new OperationsPages(this).register(javalin);
    javalin.routes.get("/admin", this::dashboard);
    javalin.routes.get("/admin/sign-in", context -> signInForm(context, null, 200));
    javalin.routes.post("/admin/sign-in", this::signIn);
    javalin.routes.post("/admin/sign-out", this::signOut);
    javalin.routes.get("/admin/source-items", this::sourceItems);
    javalin.routes.post("/admin/source-items", this::saveSourceItem);
  }

  /** A signed-in user: the token of the session and who it is. */
  record Session(String token, Principal principal) {
    String csrf() {
      return sha256("csrf:" + token);
    }
  }

  // ---------------------------------------------------------------- sign-in

  private void signInForm(Context context, String error, int status) {
    context
        .status(status)
        .html(
            Html.page(
                "Sign in",
                null,
                null,
                (error == null
                        ? ""
                        : "<p class=\"error\" role=\"alert\">" + Html.escape(error) + "</p>")
                    + """
                    <form method="post" action="/admin/sign-in">
                      <p><label for="username">Username</label><br>
                      <input id="username" name="username" autocomplete="username" required></p>
                      <p><label for="password">Password</label><br>
                      <input id="password" name="password" type="password"
                        autocomplete="current-password" required></p>
                      <p><button type="submit">Sign in</button></p>
                    </form>
                    """));
  }

  /** Signs in through the token route: its lock-out, its messages. */
  private void signIn(Context context) throws Exception {
    var body = new LinkedHashMap<String, String>();
    body.put("username", String.valueOf(context.formParam("username")));
    body.put("password", String.valueOf(context.formParam("password")));
    Outcome outcome = dispatch(Caller.ANONYMOUS, "POST", "/V1/integration/admin/token", null, body);
    if (!(outcome instanceof Outcome.Success success)) {
      signInForm(context, message(outcome), 401);
      return;
    }
    var cookie = new Cookie(COOKIE, (String) success.value());
    cookie.setPath("/admin");
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setSecure(isSecure(context));
    context.cookie(cookie);
    context.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void signOut(Context context) {
    Optional<Session> session = session(context);
    if (session.isPresent() && checkCsrf(context, session.get())) {
      tokens.revoke(session.get().token());
    } else if (session.isPresent()) {
      return;
    }
    context.removeCookie(COOKIE, "/admin");
    context.redirect("/admin/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Behind a TLS-terminating proxy the request says so; the cookie is then Secure. */
  private static boolean isSecure(Context context) {
    return "https".equalsIgnoreCase(context.scheme())
        || "https".equalsIgnoreCase(context.header("X-Forwarded-Proto"));
  }

  /** The session of the request's cookie, if its token still signs in. */
  private Optional<Session> session(Context context) {
    String token = context.cookie(COOKIE);
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      return authenticator
          .authenticate(
              new Authenticator.Request(
                  "Bearer " + token,
                  "GET",
                  context.scheme(),
                  context.host(),
                  "/admin",
                  null,
                  null,
                  () -> new byte[0]))
          .map(principal -> {
            RequestLog.principal(context, principal);
            return new Session(token, principal);
          });
    } catch (RuntimeException expired) {
      return Optional.empty();
    }
  }

  /** The session, or a redirect to the sign-in page (and empty). */
  Optional<Session> requireSession(Context context) {
    Optional<Session> session = session(context);
    if (session.isEmpty()) {
      context.redirect("/admin/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
    }
    return session;
  }

  /** Whether a change carries the session's CSRF token; if not, it is refused with 403. */
  boolean checkCsrf(Context context, Session session) {
    String sent = context.formParam("csrf");
    if (sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            session.csrf().getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    context
        .status(403)
        .html(
            Html.page(
                "Refused",
                session.principal().name(),
                session.csrf(),
                "<p class=\"error\" role=\"alert\">The form did not come from this page (its CSRF"
                    + " token is missing or wrong). Reload the page and try again.</p>"));
    return false;
  }

  // ---------------------------------------------------------------- dashboard

  private void dashboard(Context context) throws Exception {
    Optional<Session> found = requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    Session session = found.get();
    Caller caller = Caller.of(session.principal());
    var cards = new StringBuilder("<div class=\"cards\">");
    cards.append(
        card("Sources", total(caller, "/V1/inventory/sources", "searchCriteria[pageSize]=1")));
    Outcome summary = dispatch(caller, "GET", "/V1/stockroom/source-items-summary", null, null);
    JsonNode counts =
        summary instanceof Outcome.Success read ? json(read) : mapper.createObjectNode();
    cards.append(card("SKUs", counts.path("skus").asText("–")));
    cards.append(card("Source items", counts.path("source_items").asText("–")));
    cards.append(
        card("Low stock", total(caller, "/V1/stockroom/low-stock", "searchCriteria[pageSize]=1")));
    cards.append(
        card(
            "Open operations",
            total(
                caller,
                "/V1/bulk",
                "searchCriteria[filter_groups][0][filters][0][field]=status"
                    + "&searchCriteria[filter_groups][0][filters][0][value]=4"
                    + "&searchCriteria[pageSize]=1")));
    cards.append("</div>");
    var body = new StringBuilder(cards);
    body.append("<h2>Recent changes</h2>");
    Outcome changes =
        dispatch(
            caller,
            "GET",
            "/V1/stockroom/source-item-changes",
            "searchCriteria[pageSize]=10&searchCriteria[sortOrders][0][field]=change_id"
                + "&searchCriteria[sortOrders][0][direction]=DESC",
            null);
    if (changes instanceof Outcome.Success success) {
      body.append(
          "<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">SKU</th>"
              + "<th scope=\"col\">Source</th><th scope=\"col\">Quantity</th>"
              + "<th scope=\"col\" class=\"optional\">Who</th>"
              + "<th scope=\"col\" class=\"optional\">How</th></tr></thead><tbody>");
      for (JsonNode change : json(success).get("items")) {
        body.append("<tr><td>")
            .append(Html.escape(change.path("changed_at").asText()))
            .append("</td><td>")
            .append(Html.escape(change.path("sku").asText()))
            .append("</td><td>")
            .append(Html.escape(change.path("source_code").asText()))
            .append("</td><td class=\"number\">")
            .append(Html.escape(change.path("quantity_before").asText("–")))
            .append(" → ")
            .append(Html.escape(change.path("quantity_after").asText("–")))
            .append("</td><td class=\"optional\">")
            .append(
                Html.escape(change.path("actor_name").asText(change.path("actor_type").asText())))
            .append("</td><td class=\"optional\">")
            .append(Html.escape(change.path("via").asText("")))
            .append("</td></tr>");
      }
      body.append("</tbody></table>");
    } else {
      body.append("<p>").append(Html.escape(message(changes))).append("</p>");
    }
    context.html(
        Html.page("Dashboard", session.principal().name(), session.csrf(), body.toString()));
  }

  private static String card(String title, String value) {
    return "<div class=\"card\"><span>"
        + Html.escape(title)
        + "</span><strong>"
        + Html.escape(value)
        + "</strong></div>";
  }

  /** A search's total_count, or a dash where the role may not read it. */
  private String total(Caller caller, String path, String query) throws Exception {
    Outcome outcome = dispatch(caller, "GET", path, query, null);
    return outcome instanceof Outcome.Success success
        ? json(success).path("total_count").asText("–")
        : "–";
  }

  // ---------------------------------------------------------------- source items

  /** The grid's filters, sort and page, as the query string carries them. */
  record Grid(
      String sku,
      String source,
      String status,
      String min,
      String max,
      String sort,
      String direction,
      int page) {
    static Grid of(Map<String, List<String>> query) {
      String sort = first(query, "sort");
      String direction = first(query, "dir");
      int page;
      try {
        page = Math.max(1, Integer.parseInt(first(query, "page")));
      } catch (NumberFormatException notANumber) {
        page = 1;
      }
      return new Grid(
          first(query, "sku"),
          first(query, "source"),
          first(query, "status"),
          first(query, "min"),
          first(query, "max"),
          SORTS.contains(sort) ? sort : "sku",
          direction.equals("DESC") ? "DESC" : "ASC",
          page);
    }

    /** The grid's own query string, for links and the forms that come back to it. */
    String query(int toPage) {
      return "sku="
          + encode(sku)
          + "&source="
          + encode(source)
          + "&status="
          + encode(status)
          + "&min="
          + encode(min)
          + "&max="
          + encode(max)
          + "&sort="
          + sort
          + "&dir="
          + direction
          + "&page="
          + toPage;
    }

    /** The REST search this grid stands for. */
    String searchCriteria() {
      var filters = new ArrayList<String[]>();
      if (!sku.isEmpty()) {
        filters.add(new String[] {"sku", sku + "%", "like"});
      }
      if (!source.isEmpty()) {
        filters.add(new String[] {"source_code", source, "eq"});
      }
      if (!status.isEmpty()) {
        filters.add(new String[] {"status", status, "eq"});
      }
      if (!min.isEmpty()) {
        filters.add(new String[] {"quantity", min, "gteq"});
      }
      if (!max.isEmpty()) {
        filters.add(new String[] {"quantity", max, "lteq"});
      }
      var query = new StringBuilder();
      for (int group = 0; group < filters.size(); group++) {
        String prefix = "searchCriteria[filter_groups][" + group + "][filters][0]";
        query.append(prefix).append("[field]=").append(filters.get(group)[0]).append('&');
        query.append(prefix).append("[value]=").append(encode(filters.get(group)[1])).append('&');
        query.append(prefix).append("[condition_type]=").append(filters.get(group)[2]).append('&');
      }
      query.append("searchCriteria[sortOrders][0][field]=").append(sort);
      query.append("&searchCriteria[sortOrders][0][direction]=").append(direction);
      query.append("&searchCriteria[pageSize]=").append(PAGE_SIZE);
      query.append("&searchCriteria[currentPage]=").append(page);
      return query.toString();
    }
  }

  private void sourceItems(Context context) throws Exception {
    Optional<Session> session = requireSession(context);
    if (session.isPresent()) {
      renderGrid(context, session.get(), Grid.of(context.queryParamMap()), null, 200);
    }
  }

  /** An inline edit: the row's quantity and status saved through the source-items route. */
  private void saveSourceItem(Context context) throws Exception {
    Optional<Session> found = requireSession(context);
    if (found.isEmpty() || !checkCsrf(context, found.get())) {
      return;
    }
    Session session = found.get();
    String sku = String.valueOf(context.formParam("sku"));
    String source = String.valueOf(context.formParam("source_code"));
    var item = new LinkedHashMap<String, Object>();
    item.put("sku", sku);
    item.put("source_code", source);
    item.put("quantity", String.valueOf(context.formParam("quantity")).strip());
    item.put("status", String.valueOf(context.formParam("status")));
    Outcome outcome =
        dispatch(
            Caller.of(session.principal()),
            "POST",
            "/V1/inventory/source-items",
            null,
            Map.of("sourceItems", List.of(item)));
    Grid grid = Grid.of(parseQuery(String.valueOf(context.formParam("back"))));
    boolean saved = outcome instanceof Outcome.Success;
    renderGrid(
        context,
        session,
        grid,
        new RowMessage(
            source + "/" + sku,
            saved ? "Saved." : message(outcome),
            saved ? null : (String) item.get("quantity")),
        saved ? 200 : status(outcome));
  }

  /** What an edit of one row came to: its message, and the quantity typed if it was refused. */
  record RowMessage(String key, String text, String typed) {}

  private void renderGrid(
      Context context, Session session, Grid grid, RowMessage edited, int status) throws Exception {
    Caller caller = Caller.of(session.principal());
    boolean canEdit = session.principal().allows(Acl.STOCK_SOURCE_ITEM_ASSIGN);
    var body = new StringBuilder();
    body.append(filters(grid));
    Outcome outcome =
        dispatch(caller, "GET", "/V1/inventory/source-items", grid.searchCriteria(), null);
    if (!(outcome instanceof Outcome.Success success)) {
      body.append("<p class=\"error\" role=\"alert\">")
          .append(Html.escape(message(outcome)))
          .append("</p>");
      context
          .status(status(outcome))
          .html(
              Html.page(
                  "Source items", session.principal().name(), session.csrf(), body.toString()));
      return;
    }
    JsonNode result = json(success);
    long total = result.path("total_count").asLong();
    body.append("<table><thead><tr>")
        .append(header("SKU", "sku", grid))
        .append(header("Source", "source_code", grid))
        .append(header("Quantity", "quantity", grid))
        .append(header("Status", "status", grid))
        .append(canEdit ? "<th scope=\"col\">Edit</th>" : "")
        .append("</tr></thead><tbody>");
    for (JsonNode item : result.get("items")) {
      String sku = item.path("sku").asText();
      String source = item.path("source_code").asText();
      String quantity = item.path("quantity").asText();
      int itemStatus = item.path("status").asInt();
      String key = source + "/" + sku;
      boolean isEdited = edited != null && key.equals(edited.key());
      body.append("<tr data-key=\"")
          .append(Html.escape(key))
          .append("\"><td><a href=\"/admin/sku?sku=")
          .append(Html.escape(encode(sku)))
          .append("\">")
          .append(Html.escape(sku))
          .append("</a></td><td>")
          .append(Html.escape(source))
          .append("</td><td class=\"number\">")
          .append(Html.escape(quantity))
          .append("</td><td>")
          .append(itemStatus == 1 ? "In stock" : "Out of stock")
          .append("</td>");
      if (canEdit) {
        String id = "edit-" + sha256(key).substring(0, 12);
        body.append("<td><form method=\"post\" action=\"/admin/source-items\" class=\"inline\">")
            .append(hidden("csrf", session.csrf()))
            .append(hidden("sku", sku))
            .append(hidden("source_code", source))
            .append(hidden("back", grid.query(grid.page())))
            .append("<label for=\"")
            .append(id)
            .append("-q\" class=\"visually-hidden\">")
            .append("Quantity of ")
            .append(Html.escape(sku))
            .append(" at ")
            .append(Html.escape(source))
            .append("</label> ")
            .append("<input class=\"quantity\" id=\"")
            .append(id)
            .append("-q\" name=\"quantity\" value=\"")
            .append(Html.escape(isEdited && edited.typed() != null ? edited.typed() : quantity))
            .append("\" inputmode=\"decimal\"")
            .append(isEdited && edited.typed() != null ? " aria-invalid=\"true\"" : "")
            .append("> ")
            .append("<label for=\"")
            .append(id)
            .append("-s\" class=\"visually-hidden\">")
            .append("Status of ")
            .append(Html.escape(sku))
            .append(" at ")
            .append(Html.escape(source))
            .append("</label> ")
            .append("<select id=\"")
            .append(id)
            .append("-s\" name=\"status\">")
            .append("<option value=\"1\"")
            .append(itemStatus == 1 ? " selected" : "")
            .append(">In stock</option><option value=\"0\"")
            .append(itemStatus == 0 ? " selected" : "")
            .append(">Out of stock</option></select> ")
            .append("<button type=\"submit\">Save</button>");
        if (isEdited) {
          body.append(" <span class=\"")
              .append(status < 300 ? "saved" : "error")
              .append("\" role=\"status\">")
              .append(Html.escape(edited.text()))
              .append("</span>");
        }
        body.append("</form></td>");
      }
      body.append("</tr>");
    }
    body.append("</tbody></table>");
    if (edited != null && !canEdit) {
      body.append("<p class=\"error\" role=\"alert\">")
          .append(Html.escape(edited.text()))
          .append("</p>");
    }
    long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    body.append("<div class=\"pages\">");
    if (grid.page() > 1) {
      body.append("<a rel=\"prev\" href=\"/admin/source-items?")
          .append(Html.escape(grid.query(grid.page() - 1)))
          .append("\">Previous</a>");
    }
    body.append("<span>Page ")
        .append(grid.page())
        .append(" of ")
        .append(pages)
        .append(", ")
        .append(total)
        .append(" items</span>");
    if (grid.page() < pages) {
      body.append("<a rel=\"next\" href=\"/admin/source-items?")
          .append(Html.escape(grid.query(grid.page() + 1)))
          .append("\">Next</a>");
    }
    body.append("</div>");
    context
        .status(status)
        .html(
            Html.page("Source items", session.principal().name(), session.csrf(), body.toString()));
  }

  private static String filters(Grid grid) {
    return """
    <form method="get" action="/admin/source-items" class="filters" role="search">
      <label>SKU starts with <input name="sku" value="%s"></label>
      <label>Source <input name="source" value="%s"></label>
      <label>Status <select name="status">
        <option value=""%s>Any</option>
        <option value="1"%s>In stock</option>
        <option value="0"%s>Out of stock</option></select></label>
      <label>Quantity from <input name="min" value="%s" inputmode="decimal"></label>
      <label>to <input name="max" value="%s" inputmode="decimal"></label>
      <input type="hidden" name="sort" value="%s">
      <input type="hidden" name="dir" value="%s">
      <button type="submit">Search</button>
    </form>
    """
        .formatted(
            Html.escape(grid.sku()),
            Html.escape(grid.source()),
            grid.status().isEmpty() ? " selected" : "",
            grid.status().equals("1") ? " selected" : "",
            grid.status().equals("0") ? " selected" : "",
            Html.escape(grid.min()),
            Html.escape(grid.max()),
            grid.sort(),
            grid.direction());
  }

  /** A column header that sorts by its field (again: the other way). */
  private static String header(String title, String field, Grid grid) {
    boolean sorted = grid.sort().equals(field);
    String direction = sorted && grid.direction().equals("ASC") ? "DESC" : "ASC";
    Grid resorted =
        new Grid(
            grid.sku(), grid.source(), grid.status(), grid.min(), grid.max(), field, direction, 1);
    String ariaSort =
        sorted
            ? " aria-sort=\"" + (grid.direction().equals("ASC") ? "ascending" : "descending") + "\""
            : "";
    return "<th scope=\"col\""
        + ariaSort
        + "><a href=\"/admin/source-items?"
        + Html.escape(resorted.query(1))
        + "\">"
        + title
        + "</a></th>";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
  }

  // ---------------------------------------------------------------- the dispatcher

  Outcome dispatch(Caller caller, String method, String path, String query, Object jsonBody)
      throws Exception {
    byte[] body = jsonBody == null ? new byte[0] : mapper.writeValueAsBytes(jsonBody);
    return dispatcher.dispatch(
        new Call(
            method,
            null,
            path,
            query,
            jsonBody == null ? null : "application/json",
            jsonBody == null ? BodySource.EMPTY : BodySource.of(body),
            caller));
  }

  JsonNode json(Outcome.Success success) {
    return mapper.valueToTree(success.value());
  }

  /** A refusal's message with its parameters filled in, as Magento's admin shows it. */
  String message(Outcome outcome) {
    if (!(outcome instanceof Outcome.Failure failure)) {
      return "";
    }
    Object template = failure.body().get("message");
    return render(
        template == null ? "The request was refused." : template, failure.body().get("parameters"));
  }

  /** A message template with its named (%name) or positional (%1) parameters filled in. */
  static String render(Object template, Object parameters) {
    String text = String.valueOf(template);
    if (parameters instanceof Map<?, ?> named) {
      // Longest names first, so that %field never eats the start of %fieldName.
      var names = new ArrayList<String>();
      named.keySet().forEach(name -> names.add(String.valueOf(name)));
      names.sort((one, other) -> other.length() - one.length());
      for (String name : names) {
        text = text.replace("%" + name, String.valueOf(named.get(name)));
      }
    } else if (parameters instanceof List<?> positional) {
      for (int index = positional.size(); index >= 1; index--) {
        text = text.replace("%" + index, String.valueOf(positional.get(index - 1)));
      }
    }
    return text;
  }

  /** A page for the signed-in user. */
  String page(String title, Session session, CharSequence body) {
    return Html.page(title, session.principal().name(), session.csrf(), body.toString());
  }

  /** A refusal shown at the top of a page. */
  static String error(String message) {
    return "<p class=\"error\" role=\"alert\">" + Html.escape(message) + "</p>";
  }

  ObjectMapper mapper() {
    return mapper;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  static int status(Outcome outcome) {
    return outcome instanceof Outcome.Failure failure ? failure.status() : 200;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).strip();
  }

  private static Map<String, List<String>> parseQuery(String query) {
    var values = new LinkedHashMap<String, List<String>>();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(
            java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            List.of(
                java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)));
      }
    }
    return values;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
