package dev.stockroom.search;

import java.util.List;

/** One page of matches and the number of all matches, read in one snapshot. */
public record SearchPage<T>(List<T> items, SearchCriteria searchCriteria, long totalCount)
    implements SearchResults<T> {}
