package dev.stockroom.stock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.auth.Acl;
import dev.stockroom.http.Input;
import dev.stockroom.http.Input.Properties;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.search.SearchCriteria;
import java.util.ArrayList;
import java.util.List;

/** Magento's stock routes (InventoryApi) and the stock resolver (InventorySalesApi). */
public final class StockRoutes {
  private static final Input.Fields PROPERTIES =
      Input.fields("stock_id", "name", "extension_attributes");
  private static final Input.Fields EXTENSION = Input.fields("sales_channels");
  private static final Input.Fields CHANNEL = Input.fields("type", "code");

  private final StockStore store;
  private final WebsiteStore websites;

  public StockRoutes(StockStore store, WebsiteStore websites) {
    this.store = store;
    this.websites = websites;
  }

  public void register(Router router) {
    router.get("/V1/inventory/stocks", Acl.STOCK, this::getList);
    router.get("/V1/inventory/stocks/:stockId", Acl.STOCK, this::get);
    router.post("/V1/inventory/stocks", Acl.STOCK_EDIT, this::save);
    router.put("/V1/inventory/stocks/:stockId", Acl.STOCK_EDIT, this::save);
    router.delete("/V1/inventory/stocks/:stockId", Acl.STOCK_DELETE, this::delete);
    router.get("/V1/inventory/stock-resolver/:type/:code", Acl.SALES_STOCK, this::resolve);
  }

  private Object getList(RestRequest request) {
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Stock get(RestRequest request) {
    return store.get(request.integerArgument("stockId"));
  }

  /** POST creates (or, with a stock_id, updates); on PUT the URL's id was written into the body. */
  private Object save(RestRequest request) {
    request.requireArguments("stock");
    Stock stock = bind(request.argument("stock"));
    StockValidator.validate(stock, websites::exists);
    return store.save(stock);
  }

  private Object delete(RestRequest request) {
    store.delete(request.integerArgument("stockId"));
    return null;
  }

  private Stock resolve(RestRequest request) {
    return store.resolve(request.stringArgument("type"), request.stringArgument("code"));
  }

  private static Stock bind(JsonNode value) {
    Properties stock = Input.object(value, PROPERTIES);
    Properties extension = Input.object(stock.get("extension_attributes"), EXTENSION);
    var channels = new ArrayList<SalesChannel>();
    List<JsonNode> elements = Input.list(extension.get("sales_channels"));
    for (JsonNode element : elements == null ? List.<JsonNode>of() : elements) {
      Properties channel = Input.object(element, CHANNEL);
      channels.add(new SalesChannel(channel.string("type"), channel.string("code")));
    }
    Long stockId = stock.integer("stock_id");
    // Magento's auto-increment column turns an id of 0 into a new one.
    return new Stock(
        stockId == null || stockId == 0 ? null : stockId,
        stock.string("name"),
        new Stock.Extension(channels));
  }
}
