package dev.stockroom.webapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.Core;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import dev.stockroom.acl.Principal;
import dev.stockroom.search.SearchPage;
import dev.stockroom.sourceitem.SourceItem;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The founding document's three calls (assign, search, unassign) run through the dispatcher with no
 * HTTP server: the same outcomes a client sees over HTTP, as typed values.
 */
class DispatcherTest {
  private static final Caller ADMIN =
      Caller.of(new Principal(Principal.Kind.ADMIN, 1, "admin", Set.of(Acl.ALL)));

  @Test
  void the_seed_s_calls_run_without_a_server() throws Exception {
    try (Core core = Core.open(TestServer.config(Map.of()))) {
      Dispatcher dispatcher = core.dispatcher();
      for (String source : new String[] {"central", "east"}) {
        assertThat(
                dispatcher.dispatch(
                    Call.of(
                        "POST",
                        "/V1/inventory/sources",
                        null,
                        "{\"source\":{\"source_code\":\""
                            + source
                            + "\",\"name\":\""
                            + source
                            + "\",\"enabled\":true,\"country_id\":\"US\",\"postcode\":\"10001\"}}",
                        ADMIN)))
            .isInstanceOf(Outcome.Success.class);
      }

      var assign =
          dispatcher.dispatch(
              Call.of(
                  "POST",
                  "/V1/inventory/source-items",
                  null,
                  """
                  {"sourceItems":[
                    {"sku":"new_product1","source_code":"central","quantity":1000,"status":1},
                    {"sku":"new_product1","source_code":"east","quantity":2000,"status":1},
                    {"sku":"new_product2","source_code":"central","quantity":500,"status":1},
                    {"sku":"new_product2","source_code":"east","quantity":250,"status":1}]}
                  """,
                  ADMIN));
      assertThat(assign)
          .isInstanceOfSatisfying(
              Outcome.Success.class,
              success -> {
                assertThat(success.value()).isNull();
                assertThat(success.route().service().name())
                    .isEqualTo("inventoryApiSourceItemsSaveV1");
              });

      var search =
          dispatcher.dispatch(
              Call.of(
                  "GET",
                  "/V1/inventory/source-items",
                  "searchCriteria[filter_groups][0][filters][0][field]=sku"
                      + "&searchCriteria[filter_groups][0][filters][0][value]=new_product2"
                      + "&searchCriteria[filter_groups][0][filters][0][condition_type]=eq"
                      + "&searchCriteria[page_size]=10",
                  null,
                  ADMIN));
      assertThat(search)
          .isInstanceOfSatisfying(
              Outcome.Success.class,
              success ->
                  assertThat(success.value())
                      .isInstanceOfSatisfying(
                          SearchPage.class,
                          page -> {
                            assertThat(page.totalCount()).isEqualTo(2);
                            assertThat(page.items())
                                .extracting(item -> ((SourceItem) item).sourceCode())
                                .containsExactly("central", "east");
                            assertThat(page.items())
                                .extracting(item -> ((SourceItem) item).quantity().toString())
                                .containsExactly("500", "250");
                          }));

      var unassign =
          dispatcher.dispatch(
              Call.of(
                  "POST",
                  "/V1/inventory/source-items-delete",
                  null,
                  """
                  {"sourceItems":[{"sku":"new_product1","source_code":"central"},
                                  {"sku":"new_product2","source_code":"central"}]}
                  """,
                  ADMIN));
      assertThat(unassign).isInstanceOf(Outcome.Success.class);
    }
  }

  @Test
  void refusals_are_magento_errors_without_a_server() {
    try (Core core = Core.open(TestServer.config(Map.of()))) {
      var anonymous =
          core.dispatcher()
              .dispatch(Call.of("GET", "/V1/inventory/sources", null, null, Caller.ANONYMOUS));
      var unknown =
          core.dispatcher().dispatch(Call.of("GET", "/V1/inventory/nothing", null, null, ADMIN));

      assertThat(anonymous)
          .isEqualTo(
              new Outcome.Failure(
                  401,
                  Map.of(
                      "message",
                      "The consumer isn't authorized to access %resources.",
                      "parameters",
                      Map.of("resources", Acl.SOURCE)),
                  ((Outcome.Failure) anonymous).cause()));
      assertThat(((Outcome.Failure) unknown).status()).isEqualTo(404);
    }
  }
}
