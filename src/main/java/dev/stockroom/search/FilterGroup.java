package dev.stockroom.search;

import java.util.List;

/** Filters of one group are OR-ed; groups are AND-ed. */
public record FilterGroup(List<Filter> filters) {}
