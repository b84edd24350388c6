package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's own answers: help on every command, and an unknown command named. */
class CliTest {
  private record Run(int exit, String output) {}

  private static Run run(String... arguments) {
    var printed = new ByteArrayOutputStream();
    int exit =
        new Cli(
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                InputStream.nullInputStream())
            .run(Map.of(), arguments);
    return new Run(exit, printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void an_unknown_command_is_named_with_the_commands_there_are() {
    Run frob = run("frob");
    assertThat(frob.exit()).isEqualTo(2);
    assertThat(frob.output())
        .startsWith("stockroom: Unknown command \"frob\". The commands are: users, roles,")
        .contains("webhooks");
    Run nested = run("users", "frob");
    assertThat(nested.exit()).isEqualTo(2);
    assertThat(nested.output())
        .startsWith("stockroom: Unknown command \"frob\". The commands of users are: add, list,");
  }

  @Test
  void every_command_answers_help() {
    for (String[] command :
        new String[][] {
          {"-h"},
          {"--help"},
          {"help"},
          {"users", "-h"},
          {"users", "add", "--help"},
          {"webhooks", "add", "-h"},
          {"import", "source-items", "-h"}
        }) {
      Run help = run(command);
      assertThat(help.exit()).as(String.join(" ", command)).isZero();
      assertThat(help.output()).as(String.join(" ", command)).startsWith("Usage: stockroom");
    }
  }
}
