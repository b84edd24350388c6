package dev.stockroom.search;

import dev.stockroom.binding.FixedPoint;
import dev.stockroom.binding.Php;
import dev.stockroom.db.Dialect;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.inventory.Keys;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates searchCriteria into SQL over one table: the WHERE clause with its parameters and the
 * ORDER BY. Every field and condition is checked here, so a bad criteria is a 400 naming what is
 * wrong, never an SQL error.
 *
 * <p>Magento's semantics: filters of a group are OR-ed, groups AND-ed; {@code eq} is the default
 * condition; {@code in}/{@code nin} split on commas without trimming; {@code like} takes the
 * client's wildcards (backslash escapes, as in MySQL); {@code fulltext} is {@code like '%v%'};
 * {@code from}/{@code to} are {@code >=}/{@code <=}. Text compares case-insensitively. Stockroom
 * differs deliberately: {@code moreq} is "more or equal" (Magento treats it as {@code eq}), and an
 * unknown condition type is refused (Magento silently uses {@code eq}).
 */
final class SearchQuery {
  /** Beyond any stored value; comparisons with larger values are clamped to it. */
  private static final long CLAMP = 1_000_000_000_000_000L;

  private final StringBuilder where = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();
  private final String orderBy;

  private SearchQuery(
      SearchCriteria criteria,
      List<SearchField> fields,
      Dialect dialect,
      String tieBreaker,
      String baseCondition) {
    Map<String, SearchField> byName = new LinkedHashMap<>();
    fields.forEach(field -> byName.put(field.name().toLowerCase(Locale.ROOT), field));
    var groups = new ArrayList<String>();
    if (baseCondition != null) {
      groups.add("(" + baseCondition + ")");
    }
    for (FilterGroup group : criteria.filterGroups()) {
      var alternatives = new ArrayList<String>();
      for (Filter filter : group.filters()) {
        alternatives.add(condition(filter, field(byName, filter.field()), dialect));
      }
      if (!alternatives.isEmpty()) {
        groups.add("(" + String.join(" OR ", alternatives) + ")");
      }
    }
    if (!groups.isEmpty()) {
      where.append(" WHERE ").append(String.join(" AND ", groups));
    }
    orderBy = orderBy(criteria.sortOrders(), byName, dialect, tieBreaker);
  }

  /**
   * The query of {@code criteria} over {@code fields}; {@code tieBreaker} lists the columns
   * (comma-separated) that order rows the criteria leave equal, {@code baseCondition} (or null) is
   * SQL every match must meet besides them.
   */
  public static SearchQuery of(
      SearchCriteria criteria,
      List<SearchField> fields,
      Dialect dialect,
      String tieBreaker,
      String baseCondition) {
    return new SearchQuery(criteria, fields, dialect, tieBreaker, baseCondition);
  }

  public String where() {
    return where.toString();
  }

  public List<Object> parameters() {
    return parameters;
  }

  public String orderBy() {
    return orderBy;
  }

  private static SearchField field(Map<String, SearchField> byName, String name) {
    if (name == null) {
      throw InputException.requiredField("field");
    }
    String normalised = name.toLowerCase(Locale.ROOT);
    if (normalised.startsWith("main_table.")) {
      normalised = normalised.substring("main_table.".length());
    }
    SearchField field = byName.get(normalised);
    if (field == null) {
      throw new LocalizedException(
          "\"%field\" is not a field that can be searched or sorted.",
          Parameters.of("field", name));
    }
    return field;
  }

  private String condition(Filter filter, SearchField field, Dialect dialect) {
    String type =
        filter.conditionType() == null || filter.conditionType().isEmpty()
            ? "eq"
            : filter.conditionType().toLowerCase(Locale.ROOT);
    String value = filter.value();
    switch (type) {
      case "null":
        return field.nullable() ? field.column() + " IS NULL" : "1 = 0";
      case "notnull":
        return field.nullable() ? field.column() + " IS NOT NULL" : "1 = 1";
      case "seq":
      case "sneq":
        if (value == null || value.isEmpty()) {
          boolean isNull = type.equals("seq");
          return field.nullable()
              ? field.column() + (isNull ? " IS NULL" : " IS NOT NULL")
              : (isNull ? "1 = 0" : "1 = 1");
        }
        type = type.equals("seq") ? "eq" : "neq";
        break;
      default:
        break;
    }
    if (value == null) {
      // SQL compares nothing with NULL: Magento's filter without a value matches no row.
      return "1 = 0";
    }
    return switch (type) {
      case "eq" -> compare(field, "=", value, dialect);
      case "neq" -> compare(field, "<>", value, dialect);
      case "gt" -> compare(field, ">", value, dialect);
      case "lt" -> compare(field, "<", value, dialect);
      case "gteq", "from", "moreq" -> compare(field, ">=", value, dialect);
      case "lteq", "to" -> compare(field, "<=", value, dialect);
      case "in" -> in(field, value, false, dialect);
      case "nin" -> in(field, value, true, dialect);
      case "like" -> like(field, value, false, dialect, filter);
      case "nlike" -> like(field, value, true, dialect, filter);
      case "fulltext" -> like(field, "%" + value + "%", false, dialect, filter);
      case "finset" -> findInSet(field, value, false, dialect, filter);
      case "nfinset" -> findInSet(field, value, true, dialect, filter);
      case "regexp" -> regexp(field, value, dialect, filter);
      case "ntoa" -> ntoa(field, value, dialect);
      default ->
          throw new LocalizedException(
              "\"%condition\" is not a condition type that can be used on \"%field\".",
              Parameters.of("condition", filter.conditionType(), "field", filter.field()));
    };
  }

  private String compare(SearchField field, String operator, String value, Dialect dialect) {
    if (field.kind() != SearchField.Kind.NUMBER) {
      parameters.add(Keys.fold(value));
      return text(field, dialect) + " " + operator + " ?";
    }
    // The column holds integers: compare with the nearest integer on the right side of the value.
    long floor = scaled(field, value, RoundingMode.FLOOR);
    long ceiling = scaled(field, value, RoundingMode.CEILING);
    boolean integral = floor == ceiling;
    return switch (operator) {
      case "=" -> integral ? bind(field.column() + " = ?", floor) : "1 = 0";
      case "<>" -> integral ? bind(field.column() + " <> ?", floor) : "1 = 1";
      case ">" -> bind(field.column() + " > ?", floor);
      case ">=" -> bind(field.column() + " >= ?", ceiling);
      case "<" -> bind(field.column() + " < ?", ceiling);
      default -> bind(field.column() + " <= ?", floor);
    };
  }

  private String bind(String sql, long value) {
    parameters.add(value);
    return sql;
  }

  private String in(SearchField field, String value, boolean negated, Dialect dialect) {
    var placeholders = new ArrayList<String>();
    for (String part : value.split(",", -1)) {
      if (field.kind() == SearchField.Kind.NUMBER) {
        long floor = scaled(field, part, RoundingMode.FLOOR);
        if (floor != scaled(field, part, RoundingMode.CEILING)) {
          continue;
        }
        parameters.add(floor);
      } else {
        parameters.add(Keys.fold(part));
      }
      placeholders.add("?");
    }
    if (placeholders.isEmpty()) {
      return negated ? "1 = 1" : "1 = 0";
    }
    String column = field.kind() == SearchField.Kind.NUMBER ? field.column() : text(field, dialect);
    return column + (negated ? " NOT IN (" : " IN (") + String.join(", ", placeholders) + ")";
  }

  private String like(
      SearchField field, String pattern, boolean negated, Dialect dialect, Filter filter) {
    requireText(field, filter);
    String folded = Keys.fold(pattern);
    String like = text(field, dialect) + (negated ? " NOT LIKE ?" : " LIKE ?") + " ESCAPE '\\'";
    int literalEnd = literalEnd(folded);
    String prefix = literalPrefix(folded);
    String after = prefix.isEmpty() ? null : successor(prefix);
    if (negated || field.kind() != SearchField.Kind.KEY || after == null) {
      parameters.add(folded);
      return like;
    }
    // The same rows, as a range an index serves (SQLite's LIKE cannot use one here).
    String range = field.column() + " >= ? AND " + field.column() + " < ?";
    if (literalEnd == folded.length() - 1 && folded.charAt(literalEnd) == '%') {
      // The pattern is its literal start and one %: the range alone is exactly its rows. SQLite
      // compiles a statement with a bound LIKE pattern again for every pattern bound.
      parameters.add(prefix);
      parameters.add(after);
      return range;
    }
    parameters.add(folded);
    parameters.add(prefix);
    parameters.add(after);
    return "(" + like + " AND " + range + ")";
  }

  /** Where the literal start of a LIKE pattern ends: at its first wildcard, or at its end. */
  static int literalEnd(String pattern) {
    int index = 0;
    while (index < pattern.length()
        && pattern.charAt(index) != '%'
        && pattern.charAt(index) != '_') {
      // A backslash escapes the character after it (a last backslash stands for itself).
      index += pattern.charAt(index) == '\\' && index + 1 < pattern.length() ? 2 : 1;
    }
    return index;
  }

  /** The characters a LIKE pattern starts with before its first wildcard, escapes resolved. */
  static String literalPrefix(String pattern) {
    int end = literalEnd(pattern);
    var prefix = new StringBuilder();
    for (int index = 0; index < end; index++) {
      char character = pattern.charAt(index);
      if (character == '\\' && index + 1 < end) {
        character = pattern.charAt(++index);
      }
      prefix.append(character);
    }
    return prefix.toString();
  }

  /**
   * The least string greater than every string starting with {@code prefix}, in code point order
   * (which is the byte order of UTF-8 that SQLite and C-collated PostgreSQL compare by); null if
   * there is none.
   */
  static String successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int index = codePoints.length - 1; index >= 0; index--) {
      int next = codePoints[index] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        return new String(codePoints, 0, index) + Character.toString(next);
      }
    }
    return null;
  }

  /** MySQL FIND_IN_SET: the value is one of the comma-separated items of the column. */
  private String findInSet(
      SearchField field, String value, boolean negated, Dialect dialect, Filter filter) {
    requireText(field, filter);
    String escaped = Keys.fold(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    parameters.add("%," + escaped + ",%");
    return "(',' || "
        + text(field, dialect)
        + " || ',')"
        + (negated ? " NOT LIKE ?" : " LIKE ?")
        + " ESCAPE '\\'";
  }

  private String regexp(SearchField field, String value, Dialect dialect, Filter filter) {
    requireText(field, filter);
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException invalid) {
      throw new LocalizedException(
          "\"%value\" is not a valid regular expression for \"%field\".",
          Parameters.of("value", value, "field", filter.field()));
    }
    parameters.add(value);
    return dialect.matchesRegexp(field.column());
  }

  /** MySQL INET_NTOA(field) LIKE value: the field read as an IPv4 address. */
  private String ntoa(SearchField field, String value, Dialect dialect) {
    if (field.kind() != SearchField.Kind.NUMBER || field.scale() != 0) {
      return "1 = 0";
    }
    String column = field.column();
    parameters.add(value);
    return "(("
        + column
        + " / 16777216) % 256) || '.' || (("
        + column
        + " / 65536) % 256) || '.' || (("
        + column
        + " / 256) % 256) || '.' || ("
        + column
        + " % 256) LIKE ? ESCAPE '\\'";
  }

  private static void requireText(SearchField field, Filter filter) {
    if (field.kind() == SearchField.Kind.NUMBER) {
      throw new LocalizedException(
          "\"%condition\" is not a condition type that can be used on \"%field\".",
          Parameters.of("condition", filter.conditionType(), "field", filter.field()));
    }
  }

  private static String text(SearchField field, Dialect dialect) {
    return field.kind() == SearchField.Kind.KEY ? field.column() : dialect.fold(field.column());
  }

  /** The value in the column's units, rounded by {@code mode}; clamped beyond any stored value. */
  private static long scaled(SearchField field, String value, RoundingMode mode) {
    if (!Php.isNumeric(value)) {
      throw new LocalizedException(
          "The value \"%value\" of \"%field\" is not a number.",
          Parameters.of("value", value, "field", field.name()));
    }
    return FixedPoint.scale(Php.toNumber(value), field.scale(), mode, CLAMP);
  }

  private static String orderBy(
      List<SortOrder> sortOrders,
      Map<String, SearchField> byName,
      Dialect dialect,
      String tieBreaker) {
    // A field sorted twice keeps its first position and its last direction, as in Magento.
    var directions = new LinkedHashMap<SearchField, Boolean>();
    for (SortOrder order : sortOrders == null ? List.<SortOrder>of() : sortOrders) {
      directions.put(field(byName, order.field()), order.ascending());
    }
    var terms = new ArrayList<String>();
    directions.forEach((field, ascending) -> {
      String expression =
          field.kind() == SearchField.Kind.TEXT ? dialect.fold(field.column()) : field.column();
      String term = expression + (ascending ? " ASC" : " DESC");
      // MySQL puts NULLs first in ascending order and last in descending order.
      if (field.nullable()) {
        term += ascending ? " NULLS FIRST" : " NULLS LAST";
      }
      terms.add(term);
    });
    for (String column : tieBreaker.split(",")) {
      terms.add(column.strip() + " ASC");
    }
    return " ORDER BY " + String.join(", ", terms);
  }
}
