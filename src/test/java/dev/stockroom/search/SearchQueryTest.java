package dev.stockroom.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueryTest {
  @Test
  void the_literal_prefix_of_a_like_pattern_stops_at_the_first_wildcard() {
    assertThat(SearchQuery.literalPrefix("sku-1%")).isEqualTo("sku-1");
    assertThat(SearchQuery.literalPrefix("a_b%")).isEqualTo("a");
    assertThat(SearchQuery.literalPrefix("b\\_%")).isEqualTo("b_");
    assertThat(SearchQuery.literalPrefix("%x")).isEmpty();
    assertThat(SearchQuery.literalPrefix("exact")).isEqualTo("exact");
  }

  @Test
  void the_literal_start_of_a_like_pattern_ends_at_its_first_unescaped_wildcard() {
    assertThat(SearchQuery.literalEnd("sku-1%")).isEqualTo(5);
    assertThat(SearchQuery.literalEnd("b\\_%")).isEqualTo(3);
    assertThat(SearchQuery.literalEnd("b\\%")).isEqualTo(3);
    assertThat(SearchQuery.literalEnd("ab\\")).isEqualTo(3);
    assertThat(SearchQuery.literalEnd("%x")).isZero();
    assertThat(SearchQuery.literalPrefix("ab\\")).isEqualTo("ab\\");
  }

  @Test
  void the_successor_bounds_every_string_with_the_prefix() {
    assertThat(SearchQuery.successor("sku-1")).isEqualTo("sku-2");
    assertThat(SearchQuery.successor("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(SearchQuery.successor("a" + Character.toString(Character.MAX_CODE_POINT)))
        .isEqualTo("b");
    assertThat(SearchQuery.successor(Character.toString(Character.MAX_CODE_POINT))).isNull();
  }
}
