package dev.stockroom.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.webapi.ApiType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Magento's searchCriteria, bound from a query string or a body. It is echoed back in results as
 * bound: {@code sort_orders}, {@code page_size} and {@code current_page} only when given.
 */
public record SearchCriteria(
    List<FilterGroup> filterGroups, List<SortOrder> sortOrders, Long pageSize, Long currentPage) {
  public static final SearchCriteria EMPTY = new SearchCriteria(List.of(), null, null, null);

  /** Every match of {@code field} equal to {@code value}, unpaged. */
  public static SearchCriteria filter(String field, String value) {
    return new SearchCriteria(
        List.of(new FilterGroup(List.of(new Filter(field, value, "eq")))), null, null, null);
  }

  /** Magento's framework-sort-order. */
  public static final ApiType.Definition SORT_ORDER_TYPE =
      ApiType.definition("framework-sort-order", "Data object for sort order.")
          .requiredUnlessOmitted("field", ApiType.STRING, "Sorting field.")
          .requiredUnlessOmitted("direction", ApiType.STRING, "Sorting direction.")
          .build();

  private static final ApiType.Definition FILTER_TYPE =
      ApiType.definition(
              "framework-filter", "Filter which can be used by any methods from service layer.")
          .requiredUnlessOmitted("field", ApiType.STRING, "Field")
          .requiredUnlessOmitted("value", ApiType.STRING, "Value")
          .optional("condition_type", ApiType.STRING, "Condition type")
          .build();

  private static final ApiType.Definition FILTER_GROUP_TYPE =
      ApiType.definition(
              "framework-search-filter-group",
              "Groups two or more filters together using a logical OR")
          .optional("filters", ApiType.arrayOf(FILTER_TYPE), "A list of filters in this group")
          .build();

  /** Magento's framework-search-criteria-interface. */
  public static final ApiType.Definition TYPE =
      ApiType.definition("framework-search-criteria-interface", "Search criteria interface.")
          .required("filter_groups", ApiType.arrayOf(FILTER_GROUP_TYPE), "A list of filter groups.")
          .optional("sort_orders", ApiType.arrayOf(SORT_ORDER_TYPE), "Sort order.")
          .optional("page_size", ApiType.INTEGER, "Page size.")
          .optional("current_page", ApiType.INTEGER, "Current page.")
          .build();

  private static final Input.Fields CRITERIA =
      Input.fields("filter_groups", "sort_orders", "page_size", "current_page");
  private static final Input.Fields GROUP = Input.fields("filters");
  private static final Input.Fields FILTER = Input.fields("field", "value", "condition_type");
  private static final Input.Fields SORT_ORDER = Input.fields("field", "direction");

  /** Binds the argument; any scalar (e.g. {@code ?searchCriteria=}) is an empty criteria. */
  public static SearchCriteria bind(JsonNode value) {
    if (value == null || value.isValueNode()) {
      return EMPTY;
    }
    Properties criteria = Input.object(value, CRITERIA);
    return new SearchCriteria(
        filterGroups(criteria),
        sortOrders(criteria),
        criteria.integer("page_size"),
        criteria.integer("current_page"));
  }

  private static List<FilterGroup> filterGroups(Properties criteria) {
    List<JsonNode> groups = Input.list(criteria.get("filter_groups"));
    var bound = new ArrayList<FilterGroup>();
    for (JsonNode group : groups == null ? List.<JsonNode>of() : groups) {
      List<JsonNode> filters = Input.list(Input.object(group, GROUP).get("filters"));
      var boundFilters = new ArrayList<Filter>();
      for (JsonNode filter : filters == null ? List.<JsonNode>of() : filters) {
        Properties filterProperties = Input.object(filter, FILTER);
        boundFilters.add(
            new Filter(
                filterProperties.string("field"),
                filterProperties.string("value"),
                filterProperties.string("condition_type")));
      }
      bound.add(new FilterGroup(boundFilters));
    }
    return bound;
  }

  private static List<SortOrder> sortOrders(Properties criteria) {
    List<JsonNode> orders = Input.list(criteria.get("sort_orders"));
    if (orders == null) {
      return null;
    }
    var bound = new ArrayList<SortOrder>();
    for (JsonNode order : orders) {
      Properties properties = Input.object(order, SORT_ORDER);
      String direction = properties.string("direction");
      if (direction != null) {
        direction = direction.toUpperCase(Locale.ROOT);
        if (!direction.equals(SortOrder.ASC) && !direction.equals(SortOrder.DESC)) {
          throw new LocalizedException(
              "The sort order has to be specified as %1 for ascending order or %2 for descending"
                  + " order.",
              Parameters.positional(SortOrder.ASC, SortOrder.DESC));
        }
      }
      bound.add(new SortOrder(properties.string("field"), direction));
    }
    return bound;
  }
}
