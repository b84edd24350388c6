package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMemoryTest {
  private static final long MIB = 1 << 20;

  @Test
  void large_bodies_may_hold_three_quarters_and_never_the_reserve() {
    var memory = new RequestMemory(4 * MIB);

    assertThat(memory.take(3 * MIB, RequestMemory.FLOOR)).isTrue();
    assertThat(memory.take(1, RequestMemory.FLOOR)).as("beyond the floor").isFalse();
    assertThat(memory.take(RequestMemory.FLOOR, 0)).as("a small body's floor").isTrue();
    assertThat(memory.held()).isEqualTo(3 * MIB + RequestMemory.FLOOR);
  }

  @Test
  void the_reserve_is_the_last_quarter_and_is_shared_by_every_body_s_first_bytes() {
    var memory = new RequestMemory(4 * MIB);
    int floors = (int) (MIB / RequestMemory.FLOOR);

    for (int body = 0; body < 4 * floors; body++) {
      assertThat(memory.take(RequestMemory.FLOOR, 0)).isTrue();
    }

    assertThat(memory.take(1, 0)).as("all of it is held").isFalse();
    memory.give(RequestMemory.FLOOR);
    assertThat(memory.take(RequestMemory.FLOOR, 0)).isTrue();
  }

  @Test
  void what_is_given_back_can_be_taken_again() {
    var memory = new RequestMemory(4 * MIB);
    assertThat(memory.take(3 * MIB, 0)).isTrue();
    memory.give(3 * MIB);

    assertThat(memory.held()).isZero();
    assertThat(memory.take(3 * MIB, 0)).isTrue();
  }
}
