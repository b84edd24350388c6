package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's own answers: help on every command, an unknown command named, settings before
 * or after the command, and a refused command that leaves no database behind.
 */
class CliTest {
  @TempDir Path directory;

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

  @Test
  void settings_may_come_before_or_after_the_command() throws Exception {
    String data = directory.resolve("data").toString();
    assertThat(Cli.command(new String[] {"--data-dir", data, "websites", "add", "eu"}))
        .hasValueSatisfying(command ->
            assertThat(command).containsExactly("websites", "add", "eu", "--data-dir=" + data));
    assertThat(Cli.command(new String[] {"--debug", "users", "list"}))
        .hasValueSatisfying(
            command -> assertThat(command).containsExactly("users", "list", "--debug=true"));
    assertThat(run("websites", "list", "--debug", "--data-dir", data).exit()).isZero();
    assertThat(Cli.command(new String[] {"--port=0", "--data-dir", data})).isEmpty();
    assertThat(Cli.command(new String[] {"--frob", "users", "list"})).isEmpty();

    var before =
        ChildServer.run(directory, Map.of(), List.of("--data-dir", data, "websites", "add", "eu"));
    assertThat(before.code()).as(before.out() + before.err()).isZero();
    var after =
        ChildServer.run(directory, Map.of(), List.of("websites", "list", "--data-dir", data));
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    assertThat(after.out()).contains("eu");
  }

  @Test
  void relative_paths_are_the_callers() throws Exception {
    var added =
        ChildServer.run(directory, Map.of(), List.of("websites", "add", "eu", "--data-dir", "d"));

    assertThat(added.code()).as(added.out() + added.err()).isZero();
    assertThat(directory.resolve("d/stockroom.db")).exists();
  }

  @Test
  void a_refused_command_creates_no_database() {
    String data = directory.resolve("data").toString();
    for (String[] command :
        new String[][] {
          {"frob", "--data-dir", data},
          {"users", "add", "--data-dir", data},
          {"users", "add", "ana", "--data-dir", data},
          {"users", "list", "--frob", "--data-dir", data},
          {"users", "add", "ana", "--role", "no-such-role", "--data-dir", data},
          {"roles", "add", "clerks", "--resources", "No_Such::resource", "--data-dir", data},
          {"websites", "add", "Not A Code", "--data-dir", data},
          {"users", "list", "--data-dir", data, "--port", "http"}
        }) {
      Run refused = run(command);
      assertThat(refused.exit()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(refused.output()).as(String.join(" ", command)).startsWith("stockroom: ");
      assertThat(Path.of(data)).as(String.join(" ", command)).doesNotExist();
    }
  }

  @Test
  void a_refused_command_keeps_a_database_that_was_there() {
    String data = directory.resolve("data").toString();
    assertThat(run("websites", "add", "eu", "--data-dir", data).exit()).isZero();

    Run refused = run("users", "add", "ana", "--role", "no-such-role", "--data-dir", data);

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(Path.of(data, "stockroom.db")).exists();
    assertThat(run("websites", "list", "--data-dir", data).output()).contains("eu");
  }
}
