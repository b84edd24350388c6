package dev.stockroom.pickup;

import java.util.List;
import java.util.Map;

/**
 * A pickup-location search (Magento's SearchRequestInterface), as bound and as echoed in the
 * result: {@code filters} by their snake_case names, absent parts null.
 */
public record SearchRequest(
    Area area,
    Map<String, Filter> filters,
    Long pageSize,
    long currentPage,
    String scopeType,
    String scopeCode,
    List<Sort> sort,
    Extension extensionAttributes) {

  /** Within {@code radius} km of what {@code searchTerm} names ("postcode or city:country"). */
  public record Area(long radius, String searchTerm) {}

  public record Filter(String value, String conditionType) {}

  public record Sort(String field, String direction) {}

  public record Extension(List<ProductInfo> productsInfo) {}

  public record ProductInfo(String sku) {}
}
