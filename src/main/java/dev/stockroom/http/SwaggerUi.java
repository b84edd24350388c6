package dev.stockroom.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Swagger UI at {@code /docs}, over {@code /openapi.json}: the page is Stockroom's, the scripts and
 * styles come from the swagger-ui webjar inside the jar, so nothing is fetched from elsewhere.
 */
public final class SwaggerUi {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9._-]+\\.(js|css|png|map)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "map", "application/json; charset=utf-8");

  private SwaggerUi() {}

  public static void register(JavalinConfig javalin) {
    String assets = WEBJAR + webjarVersion() + "/";
    byte[] page = read("dev/stockroom/http/docs.html");
    // Javalin ignores a trailing slash: this serves /docs and /docs/.
    javalin.routes.get(
        "/docs", context -> context.contentType("text/html; charset=utf-8").result(page));
    javalin.routes.get("/docs/{asset}", context -> asset(context, assets));
  }

  private static void asset(Context context, String assets) {
    String name = context.pathParam("asset");
    var matcher = ASSET.matcher(name);
    InputStream file =
        matcher.matches()
            ? SwaggerUi.class.getClassLoader().getResourceAsStream(assets + name)
            : null;
    if (file == null) {
      context
          .status(404)
          .contentType("application/json; charset=utf-8")
          .result("{\"message\":\"Request does not match any route.\"}");
      return;
    }
    context.header("Cache-Control", "public, max-age=86400");
    context.contentType(TYPES.get(matcher.group(1))).result(file);
  }

  /** The webjar's version, from its Maven properties: its files live under that folder. */
  private static String webjarVersion() {
    var properties = new Properties();
    try (InputStream pom =
        SwaggerUi.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (pom == null) {
        throw new IllegalStateException("The swagger-ui webjar is not on the class path");
      }
      properties.load(pom);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream input = SwaggerUi.class.getClassLoader().getResourceAsStream(resource)) {
      return input.readAllBytes();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
