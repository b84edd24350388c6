package dev.stockroom.selection;

import dev.stockroom.error.LocalizedException;
import dev.stockroom.geo.Address;
import dev.stockroom.geo.Distance;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.geo.LatLng;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.source.Source;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Magento's source selection: the enabled sources of the stock in the algorithm's order, then every
 * in-stock source item of a requested SKU at them, each deducting what it can of what is still
 * wanted. Quantities are the sources' own (no reservations, no threshold), as Magento's.
 */
public final class SourceSelection {
  /** Magento's algorithms, distance first as its list gives them. */
  static final List<Algorithm> ALGORITHMS =
      List.of(
          new Algorithm(
              "distance",
              "Distance Priority",
              "Algorithm which provides Source Selections based on shipping address distance from"
                  + " the source"),
          new Algorithm(
              "priority",
              "Source Priority",
              "Algorithm which provides Source Selections based on predefined priority of Source"));

  /** One algorithm, as Magento's SourceSelectionAlgorithmInterface. */
  record Algorithm(String code, String title, String description) {}

  /** What to ship: a stock, the lines of an order, and where to (for the distance algorithm). */
  record Request(long stockId, List<Item> items, Address destination) {}

  record Item(String sku, Quantity qty) {}

  /** Magento's SourceSelectionItemInterface: how much one source item gives of one SKU. */
  record SelectionItem(
      String sourceCode, String sku, Quantity qtyToDeduct, Quantity qtyAvailable) {}

  /** Magento's SourceSelectionResultInterface. */
  record Result(List<SelectionItem> sourceSelectionItems, boolean shippable) {}

  private final SourceStore sources;
  private final SourceItemStore sourceItems;
  private final GeonameStore geonames;

  public SourceSelection(SourceStore sources, SourceItemStore sourceItems, GeonameStore geonames) {
    this.sources = sources;
    this.sourceItems = sourceItems;
    this.geonames = geonames;
  }

  static boolean isAlgorithm(String code) {
    return ALGORITHMS.stream().anyMatch(algorithm -> algorithm.code().equals(code));
  }

  Result select(String algorithm, Request request) {
    List<Source> sorted =
        algorithm.equals("distance") ? byDistance(request) : enabledByPriority(request.stockId());
    return deduct(request, sorted);
  }

  private List<Source> enabledByPriority(long stockId) {
    return sources.assignedToStock(stockId).stream()
        .filter(source -> Boolean.TRUE.equals(source.enabled()))
        .toList();
  }

  /**
   * The enabled sources by distance to the destination, nearest first; equal distances keep the
   * priority order (Magento's sort leaves their order to chance). Sources that cannot be placed
   * follow, by priority; a destination that cannot be placed leaves them all in priority order.
   */
  private List<Source> byDistance(Request request) {
    if (request.destination() == null) {
      throw new LocalizedException("No destination address was provided in the request");
    }
    List<Source> byPriority = enabledByPriority(request.stockId());
    LatLng destination;
    try {
      destination = geonames.first(request.destination());
    } catch (LocalizedException unknown) {
      return byPriority;
    }
    var placed = new LinkedHashMap<Source, BigDecimal>();
    var unplaced = new ArrayList<Source>();
    for (Source source : byPriority) {
      try {
        placed.put(source, Distance.metres(position(source), destination));
      } catch (LocalizedException unknown) {
        unplaced.add(source);
      }
    }
    var sorted = new ArrayList<>(placed.keySet());
    // A stable sort: ties keep the priority order they came in.
    sorted.sort(Comparator.comparing(placed::get));
    sorted.addAll(unplaced);
    return sorted;
  }

  /**
   * Where a source is: its coordinates, or, where either is missing or 0, its address placed by the
   * GeoNames data, as Magento's GetLatLngFromSource.
   */
  private LatLng position(Source source) {
    BigDecimal latitude = source.latitude();
    BigDecimal longitude = source.longitude();
    if (latitude == null
        || longitude == null
        || latitude.signum() == 0
        || longitude.signum() == 0) {
      return geonames.first(
          new Address(
              text(source.countryId()),
              text(source.postcode()),
              text(source.street()),
              text(source.region()),
              text(source.city())));
    }
    return new LatLng(latitude, longitude);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /**
   * Magento's GetDefaultSortedSourcesResult: the last line of a SKU counts (lines are not added);
   * every in-stock source item of a requested SKU at a sorted source is listed, by source, the
   * items of one source in the order of the request; each deducts min(max(available, 0), still
   * wanted). Shippable when nothing is still wanted.
   */
  private Result deduct(Request request, List<Source> sorted) {
    var wanted = new LinkedHashMap<String, Quantity>();
    request.items().forEach(item -> wanted.put(Keys.fold(item.sku()), item.qty()));
    var position = new HashMap<String, Integer>();
    for (int index = 0; index < sorted.size(); index++) {
      position.putIfAbsent(Keys.fold(sorted.get(index).sourceCode()), index);
    }
    var order = new HashMap<String, Integer>();
    for (String key : wanted.keySet()) {
      order.put(key, order.size());
    }
    // Each item's place (source position, then request order), computed once, not per comparison.
    record Placed(SourceItem item, String key, long place) {}
    var items = new ArrayList<Placed>();
    for (SourceItem item :
        sourceItems.inStock(
            sorted.stream().map(Source::sourceCode).toList(),
            request.items().stream().map(Item::sku).toList())) {
      String key = Keys.fold(item.sku());
      long place = (long) position.get(Keys.fold(item.sourceCode())) << 32 | order.get(key);
      items.add(new Placed(item, key, place));
    }
    items.sort(Comparator.comparingLong(Placed::place));
    var remaining = new HashMap<>(wanted);
    var selections = new ArrayList<SelectionItem>();
    for (Placed placed : items) {
      SourceItem item = placed.item();
      String key = placed.key();
      Quantity available = item.quantity();
      Quantity still = remaining.get(key);
      Quantity deducted = min(available.signum() < 0 ? Quantity.ZERO : available, still);
      selections.add(new SelectionItem(item.sourceCode(), item.sku(), deducted, available));
      remaining.put(key, still.minus(deducted));
    }
    boolean shippable = remaining.values().stream().noneMatch(Quantity::isPositive);
    return new Result(selections, shippable);
  }

  private static Quantity min(Quantity one, Quantity other) {
    return one.compareTo(other) <= 0 ? one : other;
  }
}
