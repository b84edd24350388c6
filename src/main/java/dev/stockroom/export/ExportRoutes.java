package dev.stockroom.export;

import dev.stockroom.acl.Acl;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.search.RowStream;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.stock.StockStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;

/**
 * Magento's stock export routes (InventoryExportStockApi), for the SKUs of a sales channel's stock.
 * Both stream: an export of a million SKUs holds one row at a time. {@code total_count} is the
 * number of matches (Magento's is the page size, inv#3416).
 */
public final class ExportRoutes {
  private static final ApiType.Definition STOCK_INDEX_DATA =
      ApiType.definition(
              "inventory-export-stock-api-data-product-stock-index-data-interface",
              "Class ExportStockIndexDataResultInterface for result Inventory stock index dump"
                  + " export")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("qty", ApiType.NUMBER, "Product QTY")
          .required("is_salable", ApiType.BOOLEAN, "Product is salable flag")
          .build();

  /**
   * Magento declares the items of this result as framework-extensible-data-interface, an empty
   * definition; Stockroom says what each item is.
   */
  private static final ApiType.Definition SALABLE_QTY_RESULT =
      ApiType.definition(
              "inventory-export-stock-api-data-export-stock-salable-qty-search-result-interface",
              "Interface for ExportStockSalableQtySearchResult")
          .required("items", ApiType.arrayOf(STOCK_INDEX_DATA), "")
          .required("search_criteria", SearchCriteria.TYPE, "")
          .required("total_count", ApiType.INTEGER, "Total count.")
          .build();

  private static final String API = "inventoryExportStockApi";

  private final ExportStore store;
  private final StockStore stocks;

  public ExportRoutes(ExportStore store, StockStore stocks) {
    this.store = store;
    this.stocks = stocks;
  }

  public void register(Router router) {
    router
        .get(
            "/V1/inventory/export-stock-salable-qty/:salesChannelType/:salesChannelCode",
            Acl.STOCK,
            this::salable)
        .service(
            new Service(
                API + "ExportStockSalableQtyV1",
                "Interface for ExportStockSalableQty provides product's salable qty information by"
                    + " search criteria"),
            "execute",
            "Export product stock data filtered by search criteria.")
        .required("salesChannelType", ApiType.STRING)
        .required("salesChannelCode", ApiType.STRING)
        .required("searchCriteria", SearchCriteria.TYPE)
        .returns(SALABLE_QTY_RESULT)
        .throwing(NoSuchEntityException.class);
    router
        .get(
            "/V1/inventory/dump-stock-index-data/:salesChannelType/:salesChannelCode",
            Acl.STOCK,
            this::dump)
        .service(
            new Service(
                API + "ExportStockIndexDataV1",
                "Class ExportStockIndexData provides stock index export based on raw data contained"
                    + " in the stock index."),
            "execute",
            "Provides stock index export from inventory_stock_% table")
        .required("salesChannelType", ApiType.STRING)
        .required("salesChannelCode", ApiType.STRING)
        .returns(ApiType.arrayOf(STOCK_INDEX_DATA))
        .throwing(NoSuchEntityException.class);
  }

  private SearchResults<ExportStore.StockQuantity> salable(RestRequest request) {
    request.requireArguments("searchCriteria");
    long stockId = stockId(request);
    return store.salable(stockId, SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private RowStream<ExportStore.StockQuantity> dump(RestRequest request) {
    return store.dump(stockId(request));
  }

  private long stockId(RestRequest request) {
    return stocks
        .resolve(
            request.stringArgument("salesChannelType"), request.stringArgument("salesChannelCode"))
        .stockId();
  }
}
