package dev.stockroom.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhpQueryTest {
  private static String parse(String query) {
    return PhpQuery.parse(query).toString();
  }

  @Test
  void brackets_build_nested_arrays() {
    assertThat(parse("searchCriteria[filter_groups][0][filters][0][field]=sku"))
        .isEqualTo(
            "{\"searchCriteria\":{\"filter_groups\":{\"0\":{\"filters\":{\"0\":{\"field\":\"sku\"}}}}}}");
  }

  @Test
  void empty_brackets_append_after_the_largest_index() {
    assertThat(parse("a[5]=x&a[]=y&a[]=z"))
        .isEqualTo("{\"a\":{\"5\":\"x\",\"6\":\"y\",\"7\":\"z\"}}");
  }

  @Test
  void a_repeated_key_keeps_its_last_value() {
    assertThat(parse("a=1&a=2")).isEqualTo("{\"a\":\"2\"}");
  }

  @Test
  void plus_is_a_space_and_escapes_are_decoded() {
    assertThat(parse("a=b+c%2Bd%C3%A9")).isEqualTo("{\"a\":\"b c+dé\"}");
  }

  @Test
  void malformed_escapes_stay_as_they_are() {
    assertThat(parse("a=100%&b=%zz")).isEqualTo("{\"a\":\"100%\",\"b\":\"%zz\"}");
  }

  @Test
  void dots_and_spaces_in_the_top_level_name_become_underscores() {
    assertThat(parse("a.b c[d.e]=1")).isEqualTo("{\"a_b_c\":{\"d.e\":\"1\"}}");
  }

  @Test
  void a_name_without_value_is_an_empty_string() {
    assertThat(parse("searchCriteria")).isEqualTo("{\"searchCriteria\":\"\"}");
  }

  @Test
  void an_unmatched_bracket_is_part_of_the_name() {
    assertThat(parse("a[b=1")).isEqualTo("{\"a_b\":\"1\"}");
  }

  @Test
  void a_later_array_replaces_an_earlier_string_and_the_reverse() {
    assertThat(parse("a=1&a[b]=2")).isEqualTo("{\"a\":{\"b\":\"2\"}}");
    assertThat(parse("a[b]=2&a=1")).isEqualTo("{\"a\":\"1\"}");
  }

  @Test
  void indices_keep_their_order_of_appearance() {
    assertThat(parse("a[2]=x&a[0]=y")).isEqualTo("{\"a\":{\"2\":\"x\",\"0\":\"y\"}}");
  }
}
