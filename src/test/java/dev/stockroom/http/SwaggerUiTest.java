package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.Browser;
import dev.stockroom.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI at /docs, in a real Chromium: the page loads from the jar, a person pastes a token
 * into Authorize and runs GET /V1/inventory/source-items from the page.
 */
class SwaggerUiTest {
  private static final String OPERATION =
      "#operations-inventoryApiSourceItemRepositoryV1-inventoryApiSourceItemRepositoryV1GetListGet";

  @Test
  void a_person_signs_in_with_a_token_and_runs_a_search_from_the_page() {
    try (var server = TestServer.start();
        var browser = Browser.start()) {
      var save =
          server.send(
              "POST",
              "/rest/V1/inventory/source-items",
              "{\"sourceItems\":[{\"sku\":\"UI-1\",\"source_code\":\"default\",\"quantity\":7,\"status\":1}]}");
      assertThat(save.statusCode()).isEqualTo(200);

      browser.open(server.baseUrl() + "/docs");
      browser.click(By.cssSelector("button.authorize"));
      WebElement bearer =
          browser.await(
              By.xpath(
                  "//div[contains(@class,'auth-container')][.//h4[contains(., 'bearer')]]"
                      + "//input"));
      bearer.sendKeys(server.token());
      browser.click(
          By.xpath(
              "//div[contains(@class,'auth-container')][.//h4[contains(., 'bearer')]]"
                  + "//button[contains(@class,'authorize')]"));
      browser.click(By.cssSelector("button.btn-done"));

      browser.click(By.cssSelector(OPERATION + " .opblock-summary"));
      browser.click(By.cssSelector(OPERATION + " button.try-out__btn"));
      browser
          .await(
              By.cssSelector(OPERATION + " tr[data-param-name='searchCriteria[pageSize]'] input"))
          .sendKeys("10");
      browser.click(By.cssSelector(OPERATION + " button.execute"));

      WebElement status =
          browser.await(
              By.cssSelector(
                  OPERATION + " .live-responses-table tr.response .response-col_status"));
      new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
          .until(ignored -> !status.getText().isBlank());
      assertThat(status.getText()).startsWith("200");
      assertThat(
              browser
                  .await(By.cssSelector(OPERATION + " .live-responses-table .microlight"))
                  .getText())
          .contains("\"sku\": \"UI-1\"")
          .contains("\"total_count\": 1");
    }
  }
}
