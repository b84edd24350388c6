package dev.stockroom.webapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.error.AuthenticationException;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.error.WebapiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
  @Test
  void a_missing_entity_is_404_with_the_raw_template_and_its_parameters() {
    var response =
        ErrorResponses.of(
            new NoSuchEntityException(
                "Source with code \"%value\" does not exist.", Parameters.of("value", "x")));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body())
        .containsExactly(
            Map.entry("message", "Source with code \"%value\" does not exist."),
            Map.entry("parameters", Map.of("value", "x")));
  }

  @Test
  void authentication_and_authorization_failures_are_401_never_403() {
    assertThat(ErrorResponses.of(new AuthenticationException("no")).status()).isEqualTo(401);
    var response = ErrorResponses.of(new AuthorizationException("Magento_InventoryApi::source"));
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body())
        .containsEntry("message", "The consumer isn't authorized to access %resources.")
        .containsEntry("parameters", Map.of("resources", "Magento_InventoryApi::source"));
  }

  @Test
  void other_expected_failures_are_400_and_omit_empty_keys() {
    var response = ErrorResponses.of(new CouldNotSaveException("Could not save Source Item"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).containsExactly(Map.entry("message", "Could not save Source Item"));
  }

  @Test
  void positional_parameters_are_a_list() {
    var response =
        ErrorResponses.of(new LocalizedException("%1 or %2", Parameters.positional("ASC", "DESC")));

    assertThat(response.body()).containsEntry("parameters", List.of("ASC", "DESC"));
  }

  @Test
  void validation_errors_are_listed_and_an_error_without_parameters_has_an_empty_list() {
    var response =
        ErrorResponses.of(
            new ValidationException(
                "Validation Failed",
                List.of(
                    new ErrorEntry("Default source can not be disabled.", Parameters.NONE),
                    ErrorEntry.forField("\"%field\" can not be empty.", "name"))));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("errors"))
        .isEqualTo(
            List.of(
                Map.of("message", "Default source can not be disabled.", "parameters", List.of()),
                Map.of(
                    "message",
                    "\"%field\" can not be empty.",
                    "parameters",
                    Map.of("field", "name"))));
    assertThat(response.body()).doesNotContainKey("parameters");
  }

  @Test
  void one_input_error_becomes_the_message_and_two_are_listed() {
    var one = ErrorResponses.of(InputException.requiredField("sourceItems"));
    assertThat(one.body())
        .containsExactly(
            Map.entry("message", "\"%fieldName\" is required. Enter and try again."),
            Map.entry("parameters", Map.of("fieldName", "sourceItems")));

    var two =
        ErrorResponses.of(
            InputException.of(List.of(InputException.required("a"), InputException.required("b"))));
    assertThat(two.body().get("message")).isEqualTo("One or more input exceptions have occurred.");
    assertThat((List<?>) two.body().get("errors")).hasSize(2);
  }

  @Test
  void framework_errors_keep_their_status_and_rendered_message() {
    var response = ErrorResponses.of(new WebapiException(404, "Request does not match any route."));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body())
        .containsExactly(Map.entry("message", "Request does not match any route."));
  }

  @Test
  void anything_unexpected_is_a_masked_500_with_a_report_id() {
    var response = ErrorResponses.of(new IllegalStateException("secret detail"));

    assertThat(response.status()).isEqualTo(500);
    assertThat((String) response.body().get("message"))
        .matches(
            "Internal Error\\. Details are available in Stockroom log file\\. Report ID:"
                + " webapi-[0-9a-f]{13}")
        .doesNotContain("secret");
  }

  @Test
  void an_unexpected_failure_is_logged_with_the_request_it_failed() {
    var captured = new java.io.ByteArrayOutputStream();
    var standardError = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    ErrorResponses.describeRequest("POST /rest/V1/inventory/source-items, request id r-1");
    try {
      var response = ErrorResponses.of(new IllegalStateException("a bug"));
      assertThat(response.status()).isEqualTo(500);
    } finally {
      ErrorResponses.forgetRequest();
      System.setErr(standardError);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .containsPattern(
            "Report ID: webapi-[0-9a-f]{13} \\(POST /rest/V1/inventory/source-items, request id r-1\\)")
        .contains("a bug");
  }
}
