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

  /** Stockroom's own: the reservation ledger and the atomic reserve call (no Magento REST). */
  public static final String RESERVATION = "Stockroom::reservation";

  /** Stockroom's own: per-SKU out-of-stock thresholds (Magento's stock item min_qty). */
  public static final String OUT_OF_STOCK_THRESHOLD = "Stockroom::out_of_stock_threshold";

  /** One resource of the tree; {@code parent} is null at the root. */
  public record Resource(String id, String parent, String title) {}

  public static final List<Resource> TREE =
      List.of(
          new Resource(ALL, null, "All resources"),
          new Resource(ADMIN, null, "Magento Admin"),
          new Resource(STORES, ADMIN, "Stores"),
          new Resource(INVENTORY, STORES, "Inventory"),
          new Resource(SOURCE, INVENTORY, "Sources"),
          new Resource(SOURCE_EDIT, SOURCE, "Edit Sources"),
          new Resource(SHIP_SOURCE_SELECTION, SOURCE, "Shipping Source Selection"),
          new Resource(STOCK, INVENTORY, "Stocks"),
          new Resource(STOCK_EDIT, STOCK, "Edit Stocks"),
          new Resource(STOCK_DELETE, STOCK, "Delete Stocks"),
          new Resource(STOCK_SOURCE_LINK, STOCK, "Source to Stock Assigning"),
          new Resource(STOCK_SOURCE_ITEM_ASSIGN, STOCK, "Source Item Assigning"),
          new Resource(SALES_STOCK, INVENTORY, "Sales Stock"),
          new Resource(RESERVATION, INVENTORY, "Reservations (Stockroom)"),
          new Resource(OUT_OF_STOCK_THRESHOLD, INVENTORY, "Out-of-Stock Thresholds (Stockroom)"));

  private Acl() {}

  public static Optional<Resource> find(String id) {
    return TREE.stream().filter(resource -> resource.id().equals(id)).findFirst();
  }
}
