package dev.stockroom.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhpTest {
  @Test
  void is_numeric_accepts_what_php_8_accepts() {
    for (String numeric :
        new String[] {"5", "-5", "+5", "5.5", ".5", "5.", "1e3", "1E-3", " 5", "5 "}) {
      assertThat(Php.isNumeric(numeric)).as(numeric).isTrue();
    }
    for (String text :
        new String[] {"", " ", "abc", "5a", "0x1A", "1e", ".", "NaN", "INF", "1 000"}) {
      assertThat(Php.isNumeric(text)).as(text).isFalse();
    }
  }

  @Test
  void trim_strips_only_what_php_strips() {
    assertThat(Php.trim(" \t\n\r\0\u000Bx\u000B")).isEqualTo("x");
    assertThat(Php.trim("\fx\u00A0")).isEqualTo("\fx\u00A0");
  }

  @Test
  void booleans_follow_filter_validate_boolean() {
    for (String truthy : new String[] {"1", "true", "TRUE", "yes", "on", " on "}) {
      assertThat(Php.toBoolean(truthy)).as(truthy).isTrue();
    }
    for (String falsy : new String[] {"0", "false", "no", "off", "", "2", "abc"}) {
      assertThat(Php.toBoolean(falsy)).as(falsy).isFalse();
    }
  }
}
