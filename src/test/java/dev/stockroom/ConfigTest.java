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
}
