package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestClock;
import dev.stockroom.acl.Acl;
import dev.stockroom.acl.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentSignInsTest {
  private static final Principal ANA =
      new Principal(Principal.Kind.ADMIN, 1, "ana", Set.of(Acl.SOURCE));

  private final TestClock clock = new TestClock();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RecentSignIns signIns = new RecentSignIns(clock, nanos::get);
  private final List<String> lookedUp = new ArrayList<>();

  /** A database that knows one token, valid for four more hours. */
  private Optional<RecentSignIns.SignIn> lookUp(String token) {
    lookedUp.add(token);
    return token.equals("live")
        ? Optional.of(
            new RecentSignIns.SignIn(ANA, clock.millis() + Duration.ofHours(4).toMillis()))
        : Optional.empty();
  }

  @Test
  void a_sign_in_is_held_for_a_moment_then_looked_up_again() {
    assertThat(signIns.principal("live", this::lookUp)).contains(ANA);
    nanos.addAndGet(RecentSignIns.HELD_FOR.toNanos() - 1);
    assertThat(signIns.principal("live", this::lookUp)).contains(ANA);
    assertThat(lookedUp).containsExactly("live");

    nanos.addAndGet(1);
    assertThat(signIns.principal("live", this::lookUp)).contains(ANA);
    assertThat(lookedUp).containsExactly("live", "live");
  }

  @Test
  void a_failed_sign_in_is_not_held() {
    assertThat(signIns.principal("unknown", this::lookUp)).isEmpty();
    assertThat(signIns.principal("unknown", this::lookUp)).isEmpty();
    assertThat(lookedUp).containsExactly("unknown", "unknown");
  }

  @Test
  void a_sign_in_is_not_held_past_its_tokens_expiry() {
    var expiring = new RecentSignIns.SignIn(ANA, clock.millis() + 10);
    assertThat(signIns.principal("expiring", token -> Optional.of(expiring))).contains(ANA);
    clock.advance(Duration.ofMillis(10));

    assertThat(signIns.principal("expiring", token -> Optional.empty())).isEmpty();
  }

  @Test
  void a_sign_in_that_no_longer_holds_is_let_go() {
    signIns.principal("live", this::lookUp);
    nanos.addAndGet(RecentSignIns.HELD_FOR.toNanos());

    assertThat(signIns.principal("live", token -> Optional.empty())).isEmpty();
    assertThat(signIns.principal("live", token -> Optional.empty())).isEmpty();
  }

  @Test
  void waiting_out_lasts_at_least_as_long_as_a_sign_in_is_held() {
    long started = System.nanoTime();
    RecentSignIns.waitOut();
    assertThat(System.nanoTime() - started).isGreaterThan(RecentSignIns.HELD_FOR.toNanos());
  }
}
