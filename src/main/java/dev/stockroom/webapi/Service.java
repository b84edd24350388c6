package dev.stockroom.webapi;

import java.util.List;
import java.util.Locale;

/**
 * A Magento service interface as the schema names it: {@code inventoryApiSourceItemsSaveV1}
 * (lcfirst module without "Magento", short interface name without "Interface", version), with its
 * description. Stockroom's own routes have services of their own, named the same way.
 */
public record Service(String name, String description) {
  /**
   * Magento's modules whose services Stockroom serves, longest first where one prefixes another.
   */
  private static final List<String> MODULES =
      List.of(
          "InventoryDistanceBasedSourceSelectionApi",
          "InventoryLowQuantityNotificationApi",
          "InventorySourceSelectionApi",
          "InventoryInStorePickupApi",
          "InventoryExportStockApi",
          "InventoryCatalogApi",
          "InventorySalesApi",
          "InventoryApi",
          "Integration");

  /**
   * The interface the name stands for: {@code Magento\InventoryApi\Api\SourceItemsSaveInterface};
   * Stockroom's own are {@code Stockroom\Api\…Interface}.
   */
  public String interfaceName() {
    String unversioned = name.replaceFirst("V\\d+$", "");
    for (String module : MODULES) {
      String prefix = Character.toLowerCase(module.charAt(0)) + module.substring(1);
      if (unversioned.startsWith(prefix) && unversioned.length() > prefix.length()) {
        return "Magento\\"
            + module
            + "\\Api\\"
            + unversioned.substring(prefix.length())
            + "Interface";
      }
    }
    return "Stockroom\\Api\\" + unversioned.substring("stockroom".length()) + "Interface";
  }

  /**
   * Magento's message-queue topic of an asynchronous call, all lower case: {@code
   * async.magento.inventoryapi.api.stockrepositoryinterface.deletebyid.delete}.
   */
  public String topic(String operation, String httpMethod) {
    return ("async." + interfaceName().replace('\\', '.') + "." + operation + "." + httpMethod)
        .toLowerCase(Locale.ROOT);
  }
}
