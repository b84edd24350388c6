package dev.stockroom.auth;

/** Magento's ACL resource names (InventoryApi/etc/acl.xml) for the routes Stockroom serves. */
public final class Acl {
  public static final String ALL = "Magento_Backend::all";
  public static final String SOURCE = "Magento_InventoryApi::source";
  public static final String SOURCE_EDIT = "Magento_InventoryApi::source_edit";
  public static final String STOCK_SOURCE_ITEM_ASSIGN =
      "Magento_InventoryApi::stock_source_item_assign";

  private Acl() {}
}
