package dev.stockroom.search;

import java.util.List;

/** Magento's search result body: {@code items, search_criteria, total_count}. */
public record SearchResults<T>(List<T> items, SearchCriteria searchCriteria, long totalCount) {}
