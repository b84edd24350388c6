package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaults_apply_when_nothing_is_set() {
    Config config = Config.load(Map.of(), new String[0]);

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.adminUser()).isEqualTo("admin");
    assertThat(config.adminPassword()).isNull();
    assertThat(config.adminTokenLifetime()).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void flags_win_over_environment_variables() {
    Config config =
        Config.load(
            Map.of("STOCKROOM_PORT", "9000", "STOCKROOM_DATA_DIR", "/env"),
            new String[] {"--port", "0", "--data-dir=/flag", "--admin-token-lifetime=30m"});

    assertThat(config.port()).isZero();
    assertThat(config.dataDir()).isEqualTo(Path.of("/flag"));
    assertThat(config.adminTokenLifetime()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void a_bad_port_names_the_setting() {
    assertThatThrownBy(() -> Config.load(Map.of("STOCKROOM_PORT", "http"), new String[0]))
        .hasMessageContaining("STOCKROOM_PORT (--port)")
        .hasMessageContaining("\"http\"");
    assertThatThrownBy(() -> Config.load(Map.of(), new String[] {"--port=70000"}))
        .hasMessageContaining("STOCKROOM_PORT");
  }

  @Test
  void a_bad_lifetime_names_the_setting() {
    assertThatThrownBy(
            () -> Config.load(Map.of("STOCKROOM_ADMIN_TOKEN_LIFETIME", "forever"), new String[0]))
        .hasMessageContaining("STOCKROOM_ADMIN_TOKEN_LIFETIME");
  }

  @Test
  void an_unknown_flag_lists_the_known_ones() {
    assertThatThrownBy(() -> Config.load(Map.of(), new String[] {"--prot=1"}))
        .hasMessageContaining("--prot")
        .hasMessageContaining("--port");
  }

  @Test
  void a_flag_without_value_is_refused() {
    assertThatThrownBy(() -> Config.load(Map.of(), new String[] {"--port"}))
        .hasMessageContaining("--port needs a value");
  }

  @Test
  void request_memory_is_a_twentieth_of_the_heap_unless_set() {
    Config automatic = Config.load(Map.of(), new String[0]);
    Config set = Config.load(Map.of("STOCKROOM_REQUEST_MEMORY", "8388608"), new String[0]);

    assertThat(automatic.http().requestMemory())
        .isEqualTo(Math.max(Runtime.getRuntime().maxMemory() / 20, 1 << 20));
    assertThat(set.http().requestMemory()).isEqualTo(8_388_608);
    assertThatThrownBy(() -> Config.load(Map.of("STOCKROOM_REQUEST_MEMORY", "lots"), new String[0]))
        .hasMessageContaining("STOCKROOM_REQUEST_MEMORY (--request-memory)");
  }

  @Test
  void slow_client_limits_are_durations() {
    Config config =
        Config.load(Map.of(), new String[] {"--header-timeout=3s", "--idle-timeout=1m"});

    assertThat(config.http().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.http().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.http().acceptBacklog()).isEqualTo(2048);
  }

  @Test
  void a_switch_is_turned_on_by_its_flag_alone() {
    assertThat(Config.load(Map.of(), new String[0]).debug()).isFalse();
    assertThat(Config.load(Map.of(), new String[] {"--debug"}).debug()).isTrue();
    Config followed = Config.load(Map.of(), new String[] {"--debug", "--port", "0"});
    assertThat(followed.debug()).isTrue();
    assertThat(followed.port()).isZero();
    assertThat(Config.load(Map.of(), new String[] {"--debug", "false"}).debug()).isFalse();
    assertThat(Config.load(Map.of(), new String[] {"--debug=no"}).debug()).isFalse();
  }
}
