package dev.stockroom.stock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.auth.Acl;
import dev.stockroom.error.InputException;
import dev.stockroom.http.Input;
import dev.stockroom.http.Input.Properties;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.source.SourceStore;
import java.util.ArrayList;
import java.util.List;

/** Magento's stock–source link routes (InventoryApi/etc/webapi.xml). */
public final class StockSourceLinkRoutes {
  private static final Input.Fields PROPERTIES =
      Input.fields("stock_id", "source_code", "priority", "extension_attributes");
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final StockSourceLinkStore store;
  private final SourceStore sources;

  public StockSourceLinkRoutes(StockSourceLinkStore store, SourceStore sources) {
    this.store = store;
    this.sources = sources;
  }

  public void register(Router router) {
    router.get("/V1/inventory/stock-source-links", Acl.STOCK_SOURCE_LINK, this::getList);
    router.postBulk("/V1/inventory/stock-source-links", Acl.STOCK_SOURCE_LINK, this::save);
    router.postBulk("/V1/inventory/stock-source-links-delete", Acl.STOCK_SOURCE_LINK, this::delete);
    router.get(
        "/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/:stockId",
        Acl.SOURCE,
        this::sourcesByPriority);
  }

  private Object getList(RestRequest request) {
    request.requireArguments("searchCriteria");
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Object save(RestRequest request) {
    store.saveAll(StockSourceLinkValidator.validateSave(links(request)));
    return null;
  }

  private Object delete(RestRequest request) {
    store.deleteAll(StockSourceLinkValidator.validateDelete(links(request)));
    return null;
  }

  private Object sourcesByPriority(RestRequest request) {
    return sources.assignedToStock(request.integerArgument("stockId"));
  }

  private static List<StockSourceLink> links(RestRequest request) {
    request.requireArguments("links");
    List<JsonNode> elements = Input.list(request.argument("links"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var links = new ArrayList<StockSourceLink>(elements.size());
    for (JsonNode element : elements) {
      Properties link = Input.object(element, PROPERTIES);
      Input.object(link.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      links.add(
          new StockSourceLink(
              link.integer("stock_id"), link.string("source_code"), link.integer("priority")));
    }
    return links;
  }
}
