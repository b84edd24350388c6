package dev.stockroom.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.webapi.Caller;
import dev.stockroom.webapi.Outcome;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sources: the list, a form to create one and to edit one, and enable and disable. Saves go through
 * the source routes (POST to create, PUT to replace: the form's fields are written over the source
 * as it is, so that the fields it does not show are kept); Magento's validation messages are shown
 * next to the fields they name.
 */
final class SourcesPage {
  /** The fields the form edits, with their labels, in order. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("name", "Name");
    FIELDS.put("description", "Description");
    FIELDS.put("country_id", "Country (2 letters)");
    FIELDS.put("region", "Region");
    FIELDS.put("city", "City");
    FIELDS.put("street", "Street");
    FIELDS.put("postcode", "Postcode");
    FIELDS.put("contact_name", "Contact name");
    FIELDS.put("email", "E-mail");
    FIELDS.put("phone", "Phone");
  }

  private final AdminPages admin;

  SourcesPage(AdminPages admin) {
    this.admin = admin;
  }

  void register(JavalinConfig javalin) {
    javalin.routes.get("/admin/sources", this::list);
    javalin.routes.get("/admin/sources/new", context -> form(context, null));
    javalin.routes.get("/admin/sources/{code}/edit", context -> form(context, code(context)));
    javalin.routes.post("/admin/sources", context -> save(context, null));
    javalin.routes.post("/admin/sources/{code}", context -> save(context, code(context)));
    javalin.routes.post("/admin/sources/{code}/enabled", this::setEnabled);
  }

  private static String code(Context context) {
    return context.pathParam("code");
  }

  private void list(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    boolean canEdit = session.principal().allows(Acl.SOURCE_EDIT);
    Outcome outcome =
        admin.dispatch(
            Caller.of(session.principal()),
            "GET",
            "/V1/inventory/sources",
            "searchCriteria[sortOrders][0][field]=source_code",
            null);
    var body = new StringBuilder();
    if (canEdit) {
      body.append("<p><a href=\"/admin/sources/new\">New source</a></p>");
    }
    if (!(outcome instanceof Outcome.Success success)) {
      body.append(AdminPages.error(admin.message(outcome)));
      context.status(AdminPages.status(outcome)).html(admin.page("Sources", session, body));
      return;
    }
    body.append(
        "<table><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name</th>"
            + "<th scope=\"col\">Enabled</th><th scope=\"col\" class=\"optional\">Country</th>"
            + "<th scope=\"col\" class=\"optional\">Postcode</th>"
            + (canEdit ? "<th scope=\"col\">Actions</th>" : "")
            + "</tr></thead><tbody>");
    for (JsonNode source : admin.json(success).get("items")) {
      String code = source.path("source_code").asText();
      boolean enabled = source.path("enabled").asBoolean();
      body.append("<tr data-code=\"")
          .append(Html.escape(code))
          .append("\"><td>")
          .append(Html.escape(code))
          .append("</td><td>")
          .append(Html.escape(source.path("name").asText()))
          .append("</td><td>")
          .append(enabled ? "Enabled" : "Disabled")
          .append("</td><td class=\"optional\">")
          .append(Html.escape(source.path("country_id").asText()))
          .append("</td><td class=\"optional\">")
          .append(Html.escape(source.path("postcode").asText()))
          .append("</td>");
      if (canEdit) {
        body.append("<td><a href=\"/admin/sources/")
            .append(AdminPages.encode(code))
            .append("/edit\">Edit<span class=\"visually-hidden\"> ")
            .append(Html.escape(code))
            .append("</span></a> <form method=\"post\" class=\"inline\" action=\"/admin/sources/")
            .append(AdminPages.encode(code))
            .append("/enabled\">")
            .append(AdminPages.hidden("csrf", session.csrf()))
            .append(AdminPages.hidden("enabled", Boolean.toString(!enabled)))
            .append("<button type=\"submit\">")
            .append(enabled ? "Disable" : "Enable")
            .append("<span class=\"visually-hidden\"> ")
            .append(Html.escape(code))
            .append("</span></button></form></td>");
      }
      body.append("</tr>");
    }
    body.append("</tbody></table>");
    context.html(admin.page("Sources", session, body));
  }

  private void form(Context context, String code) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty()) {
      return;
    }
    AdminPages.Session session = found.get();
    JsonNode source = null;
    if (code != null) {
      Outcome outcome =
          admin.dispatch(
              Caller.of(session.principal()),
              "GET",
              "/V1/inventory/sources/" + AdminPages.encode(code),
              null,
              null);
      if (!(outcome instanceof Outcome.Success success)) {
        context
            .status(AdminPages.status(outcome))
            .html(admin.page("Source", session, AdminPages.error(admin.message(outcome))));
        return;
      }
      source = admin.json(success);
    }
    renderForm(context, session, code, source, Map.of(), null, 200);
  }

  private void renderForm(
      Context context,
      AdminPages.Session session,
      String code,
      JsonNode values,
      Map<String, String> fieldErrors,
      String error,
      int status) {
    var body = new StringBuilder();
    if (error != null) {
      body.append(AdminPages.error(error));
    }
    body.append("<form method=\"post\" action=\"/admin/sources")
        .append(code == null ? "" : "/" + AdminPages.encode(code))
        .append("\">")
        .append(AdminPages.hidden("csrf", session.csrf()));
    if (code == null) {
      body.append(field("source_code", "Code", values, fieldErrors));
    }
    for (var field : FIELDS.entrySet()) {
      body.append(field(field.getKey(), field.getValue(), values, fieldErrors));
    }
    boolean enabled = values == null || values.path("enabled").asBoolean(true);
    body.append("<p><label><input type=\"checkbox\" name=\"enabled\" value=\"true\"")
        .append(enabled ? " checked" : "")
        .append("> Enabled</label></p>")
        .append("<p><button type=\"submit\">Save source</button> <a href=\"/admin/sources\">")
        .append("Back to the sources</a></p></form>");
    context
        .status(status)
        .html(admin.page(code == null ? "New source" : "Source " + code, session, body));
  }

  private static String field(
      String name, String label, JsonNode values, Map<String, String> fieldErrors) {
    String value = values == null || values.path(name).isNull() ? "" : values.path(name).asText();
    String error = fieldErrors.get(name);
    String id = "source-" + name;
    return "<p><label for=\""
        + id
        + "\">"
        + Html.escape(label)
        + "</label><br><input id=\""
        + id
        + "\" name=\""
        + name
        + "\" value=\""
        + Html.escape(value)
        + "\""
        + (error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + id + "-error\"")
        + ">"
        + (error == null
            ? ""
            : " <span class=\"error\" id=\"" + id + "-error\">" + Html.escape(error) + "</span>")
        + "</p>";
  }

  /** Creates (no code) or replaces a source from the form. */
  private void save(Context context, String code) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty() || !admin.checkCsrf(context, found.get())) {
      return;
    }
    AdminPages.Session session = found.get();
    Caller caller = Caller.of(session.principal());
    ObjectNode source;
    if (code == null) {
      source = admin.mapper().createObjectNode();
      source.put("source_code", String.valueOf(context.formParam("source_code")).strip());
    } else {
      Outcome current =
          admin.dispatch(
              caller, "GET", "/V1/inventory/sources/" + AdminPages.encode(code), null, null);
      if (!(current instanceof Outcome.Success success)) {
        context
            .status(AdminPages.status(current))
            .html(admin.page("Source", session, AdminPages.error(admin.message(current))));
        return;
      }
      source = (ObjectNode) admin.json(success);
    }
    for (String name : FIELDS.keySet()) {
      String value = context.formParam(name);
      if (value == null || value.isBlank()) {
        source.remove(name);
      } else {
        source.put(name, value.strip());
      }
    }
    source.put("enabled", "true".equals(context.formParam("enabled")));
    Outcome outcome =
        code == null
            ? admin.dispatch(
                caller, "POST", "/V1/inventory/sources", null, Map.of("source", source))
            : admin.dispatch(
                caller,
                "PUT",
                "/V1/inventory/sources/" + AdminPages.encode(code),
                null,
                Map.of("source", source));
    if (outcome instanceof Outcome.Success) {
      context.redirect("/admin/sources", HttpStatus.SEE_OTHER);
      return;
    }
    var fieldErrors = new LinkedHashMap<String, String>();
    String general = admin.message(outcome);
    for (Map<String, Object> error : errors(outcome)) {
      Object parameters = error.get("parameters");
      Object field = parameters instanceof Map<?, ?> named ? named.get("field") : null;
      String text = AdminPages.render(error.get("message"), parameters);
      if (field != null) {
        fieldErrors.merge(field.toString(), text, (one, other) -> one + " " + other);
      }
    }
    renderForm(context, session, code, source, fieldErrors, general, AdminPages.status(outcome));
  }

  private void setEnabled(Context context) throws Exception {
    Optional<AdminPages.Session> found = admin.requireSession(context);
    if (found.isEmpty() || !admin.checkCsrf(context, found.get())) {
      return;
    }
    AdminPages.Session session = found.get();
    Caller caller = Caller.of(session.principal());
    String code = code(context);
    Outcome current =
        admin.dispatch(
            caller, "GET", "/V1/inventory/sources/" + AdminPages.encode(code), null, null);
    Outcome outcome = current;
    if (current instanceof Outcome.Success success) {
      ObjectNode source = (ObjectNode) admin.json(success);
      source.put("enabled", "true".equals(context.formParam("enabled")));
      outcome =
          admin.dispatch(
              caller,
              "PUT",
              "/V1/inventory/sources/" + AdminPages.encode(code),
              null,
              Map.of("source", source));
    }
    if (outcome instanceof Outcome.Success) {
      context.redirect("/admin/sources", HttpStatus.SEE_OTHER);
    } else {
      context
          .status(AdminPages.status(outcome))
          .html(admin.page("Sources", session, AdminPages.error(admin.message(outcome))));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> errors(Outcome outcome) {
    if (outcome instanceof Outcome.Failure failure
        && failure.body().get("errors") instanceof List<?> list) {
      return (List<Map<String, Object>>) list;
    }
    return List.of();
  }
}
