package dev.stockroom.acl;

import java.util.List;
import java.util.Optional;

/**
 * Magento's ACL resources for the routes Stockroom serves, as a tree (Magento_Backend/etc/acl.xml,
 * InventoryApi/etc/acl.xml and InventorySalesApi/etc/acl.xml). A role is allowed exactly the
 * resources it lists; {@link #ALL} allows everything.
 */
public final class Acl {
  public static final String ALL = "Magento_Backend::all";
  public static final String ADMIN = "Magento_Backend::admin";
  public static final String STORES = "Magento_Backend::stores";
  public static final String INVENTORY = "Magento_InventoryApi::inventory";
  public static final String SOURCE = "Magento_InventoryApi::source";
  public static final String SOURCE_EDIT = "Magento_InventoryApi::source_edit";
  public static final String SHIP_SOURCE_SELECTION = "Magento_InventoryApi::ship_source_selection";
  public static final String STOCK = "Magento_InventoryApi::stock";
  public static final String STOCK_EDIT = "Magento_InventoryApi::stock_edit";
  public static final String STOCK_DELETE = "Magento_InventoryApi::stock_delete";
  public static final String STOCK_SOURCE_LINK = "Magento_InventoryApi::stock_source_link";
  public static final String STOCK_SOURCE_ITEM_ASSIGN =
      "Magento_InventoryApi::stock_source_item_assign";
  public static final String SALES_STOCK = "Magento_InventorySalesApi::stock";
  public static final String SOURCE_SELECTION =
      "Magento_InventorySourceSelectionApi::source_selection_algorithm";
  public static final String SOURCE_SELECTION_POST =
      "Magento_InventorySourceSelectionApi::source_selection_algorithm_post";
  public static final String LOW_QUANTITY_NOTIFICATION =
      "Magento_InventoryLowQuantityNotificationApi::low_quantity_notification";
  public static final String CREATE_LOW_QUANTITY_NOTIFICATION =
      "Magento_InventoryLowQuantityNotificationApi::stock_create_low_quantity_notification";
  public static final String DELETE_LOW_QUANTITY_NOTIFICATION =
      "Magento_InventoryLowQuantityNotificationApi::stock_delete_low_quantity_notification";
  public static final String CATALOG = "Magento_Catalog::catalog";
  public static final String CATALOG_INVENTORY = "Magento_Catalog::catalog_inventory";

  /** The bulk source operations (InventoryCatalogApi) need Magento's "Products" resource. */
  public static final String PRODUCTS = "Magento_Catalog::products";

  /** The status of asynchronous requests (Magento_AsynchronousOperations' "Bulk Actions"). */
  public static final String SYSTEM = "Magento_Backend::system";

  public static final String ACTION_LOG = "Magento_Logging::magento_logging";
  public static final String BULK_OPERATIONS =
      "Magento_Logging::system_magento_logging_bulk_operations";

  /** Stockroom's own: the reservation ledger and the atomic reserve call (no Magento REST). */
  public static final String RESERVATION = "Stockroom::reservation";

  /** Stockroom's own: the change ledger of source items. */
  public static final String SOURCE_ITEM_CHANGES = "Stockroom::source_item_changes";

  public static final String WEBHOOKS = "Stockroom::webhooks";

  /** Stockroom's own: per-SKU out-of-stock thresholds (Magento's stock item min_qty). */
  public static final String OUT_OF_STOCK_THRESHOLD = "Stockroom::out_of_stock_threshold";

  /** One resource of the tree; {@code parent} is null at the root. */
  public record Resource(String id, String parent, String title) {}

  public static final List<Resource> TREE =
      List.of(
          new Resource(ALL, null, "All resources"),
          new Resource(ADMIN, null, "Magento Admin"),
          new Resource(CATALOG, ADMIN, "Catalog"),
          new Resource(CATALOG_INVENTORY, CATALOG, "Inventory"),
          new Resource(PRODUCTS, CATALOG_INVENTORY, "Products"),
          new Resource(STORES, ADMIN, "Stores"),
          new Resource(SYSTEM, ADMIN, "System"),
          new Resource(ACTION_LOG, SYSTEM, "Action Log"),
          new Resource(BULK_OPERATIONS, ACTION_LOG, "Bulk Actions"),
          new Resource(INVENTORY, STORES, "Inventory"),
          new Resource(SOURCE, INVENTORY, "Sources"),
          new Resource(SOURCE_EDIT, SOURCE, "Edit Sources"),
          new Resource(SHIP_SOURCE_SELECTION, SOURCE, "Shipping Source Selection"),
          new Resource(SOURCE_SELECTION, SOURCE, "Inventory Source Selection"),
          new Resource(
              SOURCE_SELECTION_POST, SOURCE_SELECTION, "Source selection algorithm result"),
          new Resource(STOCK, INVENTORY, "Stocks"),
          new Resource(STOCK_EDIT, STOCK, "Edit Stocks"),
          new Resource(STOCK_DELETE, STOCK, "Delete Stocks"),
          new Resource(STOCK_SOURCE_LINK, STOCK, "Source to Stock Assigning"),
          new Resource(STOCK_SOURCE_ITEM_ASSIGN, STOCK, "Source Item Assigning"),
          new Resource(LOW_QUANTITY_NOTIFICATION, STOCK, "Low Quantity Notification"),
          new Resource(
              CREATE_LOW_QUANTITY_NOTIFICATION,
              LOW_QUANTITY_NOTIFICATION,
              "Create low quantity notification"),
          new Resource(
              DELETE_LOW_QUANTITY_NOTIFICATION,
              LOW_QUANTITY_NOTIFICATION,
              "Remove low quantity notification"),
          new Resource(SALES_STOCK, INVENTORY, "Sales Stock"),
          new Resource(RESERVATION, INVENTORY, "Reservations (Stockroom)"),
          new Resource(OUT_OF_STOCK_THRESHOLD, INVENTORY, "Out-of-Stock Thresholds (Stockroom)"),
          new Resource(SOURCE_ITEM_CHANGES, INVENTORY, "Change Ledger (Stockroom)"),
          new Resource(WEBHOOKS, INVENTORY, "Webhooks (Stockroom)"));

  private Acl() {}

  public static Optional<Resource> find(String id) {
    return TREE.stream().filter(resource -> resource.id().equals(id)).findFirst();
  }
}
