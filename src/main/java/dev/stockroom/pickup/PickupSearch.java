package dev.stockroom.pickup;

import dev.stockroom.geo.Distance;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.geo.LatLng;
import dev.stockroom.inventory.Keys;
import dev.stockroom.search.Filter;
import dev.stockroom.search.FilterGroup;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SortOrder;
import dev.stockroom.source.Source;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.stock.StockStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Magento's pickup-location search: the enabled pickup sources of the sales channel's stock that
 * pass the filters, lie within the area and hold every product asked for. Stockroom sorts by
 * distance before it pages (Magento sorts each page alone) and tells each location's distance.
 */
final class PickupSearch {
  /** Magento's default delimiter of a search term, advanced/in_store_pickup_api/…. */
  static final String DELIMITER = ":";

  /** Request filter → source field, as Magento's ResolveFilters maps them. */
  private static final Map<String, String> FIELDS =
      Map.of(
          "country", "country_id",
          "region_id", "region_id",
          "region", "region",
          "postcode", "postcode",
          "city", "city",
          "street", "street",
          "pickup_location_code", "source_code",
          "name", "frontend_name");

  /** Sort field → source field, as Magento's ResolveMeta translates them. */
  private static final Map<String, String> SORT_FIELDS =
      Map.of(
          "name", "frontend_name",
          "pickup_location_code", "source_code",
          "description", "frontend_description");

  private final SourceStore sources;
  private final SourceItemStore sourceItems;
  private final StockStore stocks;
  private final GeonameStore geonames;
  private final String defaultCountry;

  PickupSearch(
      SourceStore sources,
      SourceItemStore sourceItems,
      StockStore stocks,
      GeonameStore geonames,
      String defaultCountry) {
    this.sources = sources;
    this.sourceItems = sourceItems;
    this.stocks = stocks;
    this.geonames = geonames;
    this.defaultCountry = defaultCountry;
  }

  /** Magento's SearchResultInterface. */
  record Result(List<PickupLocation> items, SearchRequest searchRequest, long totalCount) {}

  Result search(SearchRequest request) {
    long stockId = stocks.resolve(request.scopeType(), request.scopeCode()).stockId();
    var groups = new ArrayList<FilterGroup>();
    groups.add(group("enabled", "1", "eq"));
    groups.add(group("is_pickup_location_active", "1", "eq"));
    request
        .filters()
        .forEach((name, filter) ->
            groups.add(group(FIELDS.get(name), filter.value(), filter.conditionType())));
    boolean byDistance = request.area() != null && sortsByDistance(request.sort());
    var sortOrders = new ArrayList<SortOrder>();
    var echoedSort = request.sort() == null ? null : new ArrayList<SearchRequest.Sort>();
    for (SearchRequest.Sort sort :
        request.sort() == null ? List.<SearchRequest.Sort>of() : request.sort()) {
      if (sort.field() != null && sort.field().equals("distance")) {
        echoedSort.add(sort);
        continue;
      }
      String field =
          sort.field() == null ? null : SORT_FIELDS.getOrDefault(sort.field(), sort.field());
      echoedSort.add(new SearchRequest.Sort(field, sort.direction()));
      sortOrders.add(new SortOrder(field, sort.direction()));
    }
    List<Source> found =
        sources.findAll(
            new SearchCriteria(groups, byDistance ? List.of() : sortOrders, null, null));
    Set<String> linked = linkedSourceKeys(stockId);
    var matches = new ArrayList<Source>();
    for (Source source : found) {
      if (linked.contains(Keys.fold(source.sourceCode()))) {
        matches.add(source);
      }
    }
    List<SearchRequest.ProductInfo> products =
        request.extensionAttributes() == null
            ? List.of()
            : request.extensionAttributes().productsInfo();
    if (!products.isEmpty()) {
      Set<String> holding =
          sourceItems.sourcesHoldingAll(
              products.stream().map(SearchRequest.ProductInfo::sku).toList());
      matches.removeIf(source -> !holding.contains(Keys.fold(source.sourceCode())));
    }
    var distances = new HashMap<Source, Double>();
    if (request.area() != null) {
      List<LatLng> points = points(request.area().searchTerm());
      for (Source source : matches) {
        Double distance = distance(source, points, request.area().radius());
        if (distance != null) {
          distances.put(source, distance);
        }
      }
      matches.removeIf(source -> !distances.containsKey(source));
      if (byDistance) {
        Comparator<Source> nearest = Comparator.comparing(distances::get);
        matches.sort(descending(request.sort()) ? nearest.reversed() : nearest);
      }
    }
    List<Source> page = page(matches, request);
    var items = new ArrayList<PickupLocation>();
    for (Source source : page) {
      items.add(location(source, distances.get(source)));
    }
    SearchRequest echoed =
        new SearchRequest(
            request.area(),
            request.filters().isEmpty() ? null : request.filters(),
            request.pageSize(),
            request.currentPage(),
            request.scopeType(),
            request.scopeCode(),
            echoedSort,
            request.extensionAttributes());
    return new Result(items, echoed, matches.size());
  }

  private Set<String> linkedSourceKeys(long stockId) {
    var keys = new HashSet<String>();
    sources.assignedToStock(stockId).forEach(source -> keys.add(Keys.fold(source.sourceCode())));
    return keys;
  }

  /**
   * With an area, sorting is by distance where the sorts name it or there are none (nearest first);
   * other sorts then count for nothing, as in Magento.
   */
  private static boolean sortsByDistance(List<SearchRequest.Sort> sort) {
    return sort == null
        || sort.isEmpty()
        || sort.stream().anyMatch(each -> "distance".equals(each.field()));
  }

  private static boolean descending(List<SearchRequest.Sort> sort) {
    return sort != null
        && sort.stream()
            .filter(each -> "distance".equals(each.field()))
            .anyMatch(each -> "DESC".equalsIgnoreCase(each.direction()));
  }

  /** Magento's paging: no page size is every match; a page past the end is the last page. */
  private static List<Source> page(List<Source> matches, SearchRequest request) {
    if (request.pageSize() == null || request.pageSize() <= 0) {
      return matches;
    }
    long size = request.pageSize();
    long lastPage = Math.max(1, (matches.size() + size - 1) / size);
    long page = Math.min(Math.max(request.currentPage(), 1), lastPage);
    int from = (int) Math.min(matches.size(), (page - 1) * size);
    return matches.subList(from, (int) Math.min(matches.size(), from + size));
  }

  /**
   * The points a search term names: "postcode or city", then the delimiter and the country (the
   * configured default where none is given). The first part is a postcode where the GeoNames data
   * knows it as one of that country's (Magento asks its postcode patterns), else a city. A term
   * that names no known place finds nothing.
   */
  private List<LatLng> points(String term) {
    String country = defaultCountry;
    String query = term;
    if (term.contains(DELIMITER)) {
      String[] parts = term.split(DELIMITER, -1);
      country = parts[parts.length - 1].strip();
      query = parts[0].strip();
    }
    List<LatLng> byPostcode = geonames.postcode(country, query);
    return byPostcode.isEmpty() ? geonames.city(country, query) : byPostcode;
  }

  /**
   * The distance in km from the source to the first point, where the source lies within the radius
   * of any point; null where it does not or has no coordinates.
   */
  private static Double distance(Source source, List<LatLng> points, long radius) {
    if (source.latitude() == null || source.longitude() == null || points.isEmpty()) {
      return null;
    }
    var position = new LatLng(source.latitude(), source.longitude());
    boolean within = false;
    for (LatLng point : points) {
      within |= Distance.pickupKilometres(point, position) <= radius;
    }
    return within ? Distance.pickupKilometres(points.get(0), position) : null;
  }

  private static PickupLocation location(Source source, Double distance) {
    String description = source.extensionAttributes().frontendDescription();
    return new PickupLocation(
        source.sourceCode(),
        source.extensionAttributes().frontendName(),
        source.email(),
        source.fax(),
        source.contactName(),
        description == null || description.isEmpty() ? null : description,
        source.latitude(),
        source.longitude(),
        source.countryId(),
        source.regionId(),
        source.region(),
        source.city(),
        source.street(),
        source.postcode(),
        source.phone(),
        distance == null
            ? null
            : new PickupLocation.Extension(
                BigDecimal.valueOf(distance)
                    .setScale(3, RoundingMode.HALF_UP)
                    .stripTrailingZeros()));
  }

  private static FilterGroup group(String field, String value, String conditionType) {
    return new FilterGroup(List.of(new Filter(field, value, conditionType)));
  }
}
