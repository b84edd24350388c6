package dev.stockroom.sourceitem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.auth.Acl;
import dev.stockroom.error.InputException;
import dev.stockroom.http.Input;
import dev.stockroom.http.Input.Properties;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.search.SearchCriteria;
import java.util.ArrayList;
import java.util.List;

/** Magento's source-item routes (InventoryApi/etc/webapi.xml). */
public final class SourceItemRoutes {
  private static final Input.Fields PROPERTIES =
      Input.fields("sku", "source_code", "quantity", "status", "extension_attributes");

  /** Core MSI defines no extension attributes for source items. */
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final SourceItemStore store;

  public SourceItemRoutes(SourceItemStore store) {
    this.store = store;
  }

  public void register(Router router) {
    // Reading source items needs only the "source" resource; writing them the assigning one.
    router.get("/V1/inventory/source-items", Acl.SOURCE, this::getList);
    router.postBulk(
        "/V1/inventory/source-items",
        Acl.STOCK_SOURCE_ITEM_ASSIGN,
        this::save,
        SourceItemsBody::read);
    router.postBulk(
        "/V1/inventory/source-items-delete", Acl.STOCK_SOURCE_ITEM_ASSIGN, this::delete);
  }

  private Object getList(RestRequest request) {
    request.requireArguments("searchCriteria");
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Object save(RestRequest request) {
    List<SourceItem> items =
        request.shortcutBody() instanceof SourceItemsBody body
            ? body.items()
            : sourceItems(request);
    store.saveAll(SourceItemValidator.validate(items));
    return null;
  }

  private Object delete(RestRequest request) {
    store.deleteAll(sourceItems(request));
    return null;
  }

  static List<SourceItem> sourceItems(RestRequest request) {
    request.requireArguments("sourceItems");
    List<JsonNode> elements = Input.list(request.argument("sourceItems"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var items = new ArrayList<SourceItem>(elements.size());
    for (JsonNode element : elements) {
      Properties item = Input.object(element, PROPERTIES);
      Input.object(item.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      Long status = item.integer("status");
      items.add(
          new SourceItem(
              item.string("sku"),
              item.string("source_code"),
              item.decimal("quantity"),
              status == null
                  ? null
                  : (int) Math.clamp(status, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }
    return items;
  }
}
