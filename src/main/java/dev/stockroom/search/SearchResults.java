package dev.stockroom.search;

import dev.stockroom.webapi.ApiType;

/**
 * Magento's search result body, {@code items, search_criteria, total_count}: a page read whole, or,
 * where the criteria ask for every match (no page size), a stream of rows read as they are written.
 */
public sealed interface SearchResults<T> permits SearchPage, SearchStream {
  SearchCriteria searchCriteria();

  /**
   * Magento's definition of the search results of {@code item}s, e.g.
   * ...-source-item-search-results-interface.
   */
  static ApiType.Definition type(String name, String itemsDescription, ApiType item) {
    return ApiType.definition(
            name,
            "Search results of Repository::getList method Used fully qualified namespaces in"
                + " annotations for proper work of WebApi request parser")
        .required("items", ApiType.arrayOf(item), itemsDescription)
        .required("search_criteria", SearchCriteria.TYPE, "")
        .required("total_count", ApiType.INTEGER, "Total count.")
        .build();
  }
}
