package dev.stockroom.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.stockroom.Browser;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin page in Debian's Chromium: sign-in, a search and paging on the source-item grid, an
 * inline edit that saves and one refused with Magento's message in place, each page free of serious
 * or critical accessibility violations (axe-core); over plain HTTP, the lock-out, a change without
 * its CSRF token, and a role without the resource (no edit offered, a forged one refused).
 */
class AdminPageTest {
  private static final Pattern GENERATED =
      Pattern.compile("Generated password \\(shown only once\\): (\\S+)");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void a_warehouse_lead_signs_in_searches_pages_and_fixes_a_count() throws Exception {
    try (var server = TestServer.start();
        var browser = Browser.start()) {
      items(server, 45);
      browser.open(server.baseUrl() + "/admin");
      browser.await(By.id("username")).sendKeys(TestServer.ADMIN);
      browser.await(By.id("password")).sendKeys("wrong-password");
      go(browser, By.cssSelector("form button[type=submit]"));
      assertThat(browser.await(By.cssSelector("p.error")).getText())
          .isEqualTo(
              "The account sign-in was incorrect or your account is disabled temporarily. Please"
                  + " wait and try again later.");
      accessible(browser, "sign-in");

      browser.await(By.id("username")).sendKeys(TestServer.ADMIN);
      browser.await(By.id("password")).sendKeys(TestServer.PASSWORD);
      go(browser, By.cssSelector("form button[type=submit]"));
      assertThat(browser.await(By.tagName("h1")).getText()).isEqualTo("Dashboard");
      assertThat(
              browser.driver().findElements(By.cssSelector(".card")).stream()
                  .map(WebElement::getText)
                  .toList())
          .containsExactly(
              "Sources\n1", "SKUs\n45", "Source items\n45", "Low stock\n0", "Open operations\n0");
      accessible(browser, "dashboard");

      go(browser, By.linkText("Source items"));
      browser.await(By.name("sku")).sendKeys("ADM-01");
      go(browser, By.cssSelector("form.filters button"));
      assertThat(rows(browser))
          .containsExactly(
              "ADM-010", "ADM-011", "ADM-012", "ADM-013", "ADM-014", "ADM-015", "ADM-016",
              "ADM-017", "ADM-018", "ADM-019");
      assertThat(browser.await(By.cssSelector(".pages span")).getText())
          .isEqualTo("Page 1 of 1, 10 items");

      browser.await(By.name("sku")).clear();
      go(browser, By.cssSelector("form.filters button"));
      assertThat(browser.await(By.cssSelector(".pages span")).getText())
          .isEqualTo("Page 1 of 3, 45 items");
      go(browser, By.linkText("Next"));
      assertThat(rows(browser).get(0)).isEqualTo("ADM-020");
      accessible(browser, "source-items");

      // An inline edit that saves, on page 2.
      WebElement row = browser.await(By.cssSelector("tr[data-key='default/ADM-021']"));
      WebElement quantity = row.findElement(By.name("quantity"));
      quantity.clear();
      quantity.sendKeys("12.5");
      new Select(row.findElement(By.name("status"))).selectByVisibleText("Out of stock");
      go(browser, row.findElement(By.tagName("button")));
      assertThat(browser.await(By.cssSelector("tr[data-key='default/ADM-021'] .saved")).getText())
          .isEqualTo("Saved.");
      assertThat(rows(browser).get(0)).as("still on page 2").isEqualTo("ADM-020");
      assertThat(
              server
                  .send(
                      "GET",
                      "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0]"
                          + "[field]=sku&searchCriteria[filter_groups][0][filters][0][value]=ADM-021",
                      null)
                  .body())
          .contains("\"quantity\":12.5,\"status\":0");

      // One refused, with Magento's message where the edit was made.
      row = browser.await(By.cssSelector("tr[data-key='default/ADM-022']"));
      quantity = row.findElement(By.name("quantity"));
      quantity.clear();
      quantity.sendKeys("lots");
      go(browser, row.findElement(By.tagName("button")));
      assertThat(browser.await(By.cssSelector("tr[data-key='default/ADM-022'] .error")).getText())
          .isEqualTo(
              "Error occurred during \"quantity\" processing. The \"lots\" value's type is"
                  + " invalid. The \"float\" type was expected. Verify and try again.");
      assertThat(
              browser
                  .await(By.cssSelector("tr[data-key='default/ADM-022'] input[name=quantity]"))
                  .getDomProperty("value"))
          .as("what was typed stays, to be corrected")
          .isEqualTo("lots");
      accessible(browser, "source-items-refused");

      // On a phone the page keeps its width; the grid scrolls within it.
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      browser.open(server.baseUrl() + "/admin/source-items");
      browser.await(By.cssSelector("table"));
      Object overflow =
          ((org.openqa.selenium.JavascriptExecutor) browser.driver())
              .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(((Number) overflow).longValue())
          .as("horizontal overflow on a phone")
          .isLessThanOrEqualTo(0);
      accessible(browser, "source-items-phone");
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
      go(browser, By.cssSelector("nav button"));
      assertThat(browser.await(By.tagName("h1")).getText()).isEqualTo("Sign in");
      browser.open(server.baseUrl() + "/admin/source-items");
      assertThat(browser.await(By.tagName("h1")).getText())
          .as("signed out: the session's token is gone")
          .isEqualTo("Sign in");
    }
  }

  @Test
  void sources_are_created_with_their_errors_in_place_and_a_sku_tells_its_story() throws Exception {
    try (var server = TestServer.start();
        var browser = Browser.start()) {
      items(server, 2);
      signIn(server, browser);

      go(browser, By.linkText("Sources"));
      go(browser, By.linkText("New source"));
      browser.await(By.id("source-source_code")).sendKeys("eu-1");
      go(browser, By.cssSelector("main form button[type=submit]"));
      // Magento's validation messages, next to the fields they name.
      assertThat(browser.await(By.id("source-name-error")).getText())
          .isEqualTo("\"name\" can not be empty.");
      assertThat(browser.await(By.id("source-postcode-error")).getText())
          .isEqualTo("\"postcode\" can not be empty.");
      accessible(browser, "source-refused");
      browser.await(By.id("source-name")).sendKeys("EU warehouse");
      browser.await(By.id("source-country_id")).sendKeys("DE");
      browser.await(By.id("source-postcode")).sendKeys("10115");
      go(browser, By.cssSelector("main form button[type=submit]"));
      assertThat(browser.await(By.cssSelector("tr[data-code='eu-1'] td:nth-child(3)")).getText())
          .isEqualTo("Enabled");
      go(browser, By.cssSelector("tr[data-code='eu-1'] button"));
      assertThat(browser.await(By.cssSelector("tr[data-code='eu-1'] td:nth-child(3)")).getText())
          .isEqualTo("Disabled");
      assertThat(server.send("GET", "/rest/V1/inventory/sources/eu-1", null).body())
          .contains("\"name\":\"EU warehouse\",\"enabled\":false");
      accessible(browser, "sources");

      // Changes to one SKU, then its page.
      for (String quantity : List.of("5", "3", "8")) {
        server.send(
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"ADM-001\",\"source_code\":\"default\",\"quantity\":"
                + quantity
                + ",\"status\":1}]}");
      }
      go(browser, By.linkText("Source items"));
      go(browser, By.linkText("ADM-001"));
      assertThat(browser.await(By.tagName("h1")).getText()).isEqualTo("SKU ADM-001");
      assertThat(browser.await(By.cssSelector("figcaption")).getText())
          .isEqualTo(
              "Quantity of ADM-001 over all sources across its last 4 changes: from 1 to 8"
                  + " (highest 8).");
      assertThat(browser.driver().findElement(By.tagName("main")).getText())
          .contains("Default Stock (1)\t8".replace("\t", " "));
      accessible(browser, "sku");
    }
  }

  @Test
  void a_csv_import_is_watched_to_completion_and_an_export_downloaded() throws Exception {
    try (var server = TestServer.start(java.time.Clock.systemUTC(), java.util.Map.of());
        var browser = Browser.start()) {
      signIn(server, browser);
      Path file = Files.createTempFile("admin-import-", ".csv");
      var csv = new StringBuilder("source_code,sku,status,quantity\n");
      for (int index = 0; index < 25_000; index++) {
        csv.append("default,CSV-%05d,1,%d\n".formatted(index, index % 100));
      }
      Files.writeString(file, csv);
      go(browser, By.linkText("Bulks and CSV"));
      browser.await(By.id("import-file")).sendKeys(file.toString());
      go(browser, By.cssSelector("form[action='/admin/imports'] button"));
      // The bulk's page follows the import until every operation is done.
      String progress =
          new org.openqa.selenium.support.ui.WebDriverWait(
                  browser.driver(), java.time.Duration.ofSeconds(60))
              // The page reloads itself while the import runs: an element may go in between.
              .ignoring(org.openqa.selenium.WebDriverException.class)
              .until((org.openqa.selenium.WebDriver driver) -> {
                var shown = driver.findElements(By.id("progress"));
                return !shown.isEmpty() && shown.get(0).getText().startsWith("3 of 3")
                    ? shown.get(0).getText()
                    : null;
              });
      assertThat(progress).isEqualTo("3 of 3 operations done.");
      assertThat(browser.driver().findElements(By.cssSelector("td.error"))).isEmpty();
      accessible(browser, "bulk");
      go(browser, By.linkText("All bulk operations"));
      accessible(browser, "bulks");

      // The export, downloaded with the page's session, is the file imported (quantities with
      // their 4 places, as Magento writes them).
      String cookie =
          AdminPages.COOKIE
              + "="
              + browser.driver().manage().getCookieNamed(AdminPages.COOKIE).getValue();
      var download = get(server, "/admin/export?source=default", cookie);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
          .contains("attachment");
      var expected = new StringBuilder("source_code,sku,status,quantity\n");
      for (int index = 0; index < 25_000; index++) {
        expected.append("default,CSV-%05d,1,%d.0000\n".formatted(index, index % 100));
      }
      assertThat(download.body().replace("\r\n", "\n")).isEqualTo(expected.toString());

      go(browser, By.linkText("Stocks"));
      assertThat(browser.await(By.tagName("main")).getText()).contains("Default Stock (1)");
      accessible(browser, "stocks");
      server.send(
          "POST",
          "/rest/V1/stockroom/webhooks",
          "{\"webhook\":{\"url\":\"https://erp.example.com/hooks/stock\"}}");
      go(browser, By.linkText("Webhooks"));
      assertThat(browser.await(By.tagName("h2")).getText())
          .isEqualTo("https://erp.example.com/hooks/stock");
      accessible(browser, "webhooks");
    }
  }

  @Test
  void the_lock_out_csrf_and_roles_hold_over_plain_http() throws Exception {
    try (var server = TestServer.start()) {
      items(server, 3);
      // The token route's lock-out: six failures lock the user, the right password included.
      for (int attempt = 0; attempt < 6; attempt++) {
        assertThat(signIn(server, TestServer.ADMIN, "wrong").statusCode()).isEqualTo(401);
      }
      assertThat(signIn(server, TestServer.ADMIN, TestServer.PASSWORD).statusCode())
          .as("locked")
          .isEqualTo(401);

      // A reader: no edit offered, and a forged one refused by the route's ACL.
      server.cli("roles", "add", "readers", "--resources", Acl.SOURCE);
      var matcher = GENERATED.matcher(server.cli("users", "add", "reader", "--role", "readers"));
      assertThat(matcher.find()).isTrue();
      var signedIn = signIn(server, "reader", matcher.group(1));
      assertThat(signedIn.statusCode()).isEqualTo(303);
      String cookie = cookie(signedIn);
      assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow())
          .contains("HttpOnly")
          .containsIgnoringCase("SameSite=Strict");
      var grid = get(server, "/admin/source-items", cookie);
      assertThat(grid.statusCode()).isEqualTo(200);
      assertThat(grid.body()).contains("ADM-000").doesNotContain("<button type=\"submit\">Save");
      String csrf = csrf(grid.body());
      var forged = post(server, "/admin/source-items", cookie, save("ADM-000", "99", csrf));
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(forged.body())
          .contains(
              "The consumer isn&#39;t authorized to access"
                  + " Magento_InventoryApi::stock_source_item_assign.");
      assertThat(server.send("GET", "/rest/V1/inventory/source-items?searchCriteria", null).body())
          .doesNotContain("\"quantity\":99");

      // A change without the session's CSRF token is refused, and writes nothing.
      server.cli("users", "set-role", "reader", "Administrators");
      var withoutToken = post(server, "/admin/source-items", cookie, save("ADM-000", "98", ""));
      assertThat(withoutToken.statusCode()).isEqualTo(403);
      var wrongToken = post(server, "/admin/source-items", cookie, save("ADM-000", "98", "x"));
      assertThat(wrongToken.statusCode()).isEqualTo(403);
      var withToken = post(server, "/admin/source-items", cookie, save("ADM-000", "98", csrf));
      assertThat(withToken.statusCode()).isEqualTo(200);
      assertThat(server.send("GET", "/rest/V1/inventory/source-items?searchCriteria", null).body())
          .contains("\"quantity\":98");
    }
  }

  /** Clicks what leads to another page, and waits until that page has replaced this one. */
  private static void go(Browser browser, By locator) {
    go(browser, browser.await(locator));
  }

  private static void go(Browser browser, WebElement element) {
    WebElement page = browser.driver().findElement(By.tagName("html"));
    element.click();
    // The old page's root is gone once the new page has replaced it. Chromium reports a gone node
    // either as stale or as one that "does not belong to the document": both mean gone.
    new org.openqa.selenium.support.ui.WebDriverWait(
            browser.driver(), java.time.Duration.ofSeconds(20))
        .until(driver -> {
          try {
            page.getTagName();
            return false;
          } catch (org.openqa.selenium.WebDriverException gone) {
            return true;
          }
        });
  }

  private static void signIn(TestServer server, Browser browser) {
    browser.open(server.baseUrl() + "/admin");
    browser.await(By.id("username")).sendKeys(TestServer.ADMIN);
    browser.await(By.id("password")).sendKeys(TestServer.PASSWORD);
    go(browser, By.cssSelector("form button[type=submit]"));
    browser.await(By.cssSelector(".cards"));
  }

  /** No serious or critical axe-core violation on the page; a screenshot of it for the docs. */
  private static void accessible(Browser browser, String name) throws Exception {
    Results results = new AxeBuilder().analyze(browser.driver());
    List<String> grave = new ArrayList<>();
    for (Rule violation : results.getViolations()) {
      if ("serious".equals(violation.getImpact()) || "critical".equals(violation.getImpact())) {
        grave.add(violation.getId() + ": " + violation.getHelp());
      }
    }
    assertThat(grave).as("serious or critical accessibility violations on " + name).isEmpty();
    Path shots = Path.of("target", "admin-screenshots");
    Files.createDirectories(shots);
    byte[] png = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES);
    Files.write(shots.resolve(name + ".png"), png);
  }

  private static List<String> rows(Browser browser) {
    browser.await(By.cssSelector("table"));
    return browser.driver().findElements(By.cssSelector("tbody tr td:first-child")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static void items(TestServer server, int count) {
    var items = new ArrayList<String>();
    for (int index = 0; index < count; index++) {
      items.add(
          "{\"sku\":\"ADM-%03d\",\"source_code\":\"default\",\"quantity\":%d,\"status\":1}"
              .formatted(index, index));
    }
    assertThat(
            server
                .send(
                    "POST",
                    "/rest/V1/inventory/source-items",
                    "{\"sourceItems\":[" + String.join(",", items) + "]}")
                .statusCode())
        .isEqualTo(200);
  }

  private static HttpResponse<String> signIn(TestServer server, String user, String password)
      throws Exception {
    return post(server, "/admin/sign-in", null, form("username", user, "password", password));
  }

  private static String save(String sku, String quantity, String csrf) {
    return form(
        "sku",
        sku,
        "source_code",
        "default",
        "quantity",
        quantity,
        "status",
        "1",
        "back",
        "page=1",
        "csrf",
        csrf);
  }

  private static String form(String... pairs) {
    var form = new StringBuilder();
    for (int index = 0; index < pairs.length; index += 2) {
      form.append(form.isEmpty() ? "" : "&")
          .append(pairs[index])
          .append('=')
          .append(URLEncoder.encode(pairs[index + 1], StandardCharsets.UTF_8));
    }
    return form.toString();
  }

  private static HttpResponse<String> post(
      TestServer server, String path, String cookie, String form) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(TestServer server, String path, String cookie)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Cookie", cookie)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<String> response) {
    String header = response.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(0, header.indexOf(';'));
  }

  private static String csrf(String page) {
    var matcher = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]{64})\"").matcher(page);
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }
}
