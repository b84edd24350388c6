package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, run as written against a fresh Stockroom: every {@code sh} block that
 * the line {@code <!-- walkthrough -->} precedes, in the README's order, in one bash, so that the
 * README cannot drift from what the server prints.
 *
 * <p>A block is cut into steps: the lines of a command (or of a few that run together), then the
 * output the README gives for it, a comment that starts {@code # →} and goes on in comment lines
 * indented by two spaces or more. A blank line or any other comment ends a step. A step without
 * such a comment must print nothing. Outputs are compared with all whitespace removed (the README
 * wraps and indents long JSON), and {@code …} in the README stands for any text (tokens, generated
 * passwords and keys). Each step must also exit with 0.
 *
 * <p>The README's commands run as written but for two things: {@code http://localhost:8080}, where
 * the README's server listens, becomes the test server's address; and {@code ./stockroom} is a
 * stand-in in the shell's working directory that runs this test run's classes (the same code as the
 * jar, which {@code verify} has not built yet when the tests run) on the server's data directory,
 * with the JIT's first tier only: each command is a short JVM, and that takes a third off its
 * start. {@code PASSWORD} is the one the server printed at its first start. The commands need bash,
 * curl, openssl and python3 ({@code .ci/run} installs what a clean machine lacks).
 */
class ReadmeWalkthroughTest {
  private static final Path README = Path.of("README.md");
  private static final String MARK = "<!-- walkthrough -->";

  /** Where the README's commands find the server. */
  private static final String README_SERVER = "http://localhost:8080";

  /** In an output the README gives, any text. */
  private static final String ANYTHING = "…";

  private static final Pattern OUTPUT_GOES_ON = Pattern.compile("#\\s{2,}");
  private static final Pattern GENERATED_PASSWORD =
      Pattern.compile("with the generated password: (\\S+)");

  /** Printed by the shell after each step, around the step's exit status. */
  private static final String STEP_END = "\u001e";

  /** Some lines of a walkthrough block that run together, and what the README says they print. */
  record Step(String code, String output) {}

  /** What a step printed, stdout and stderr together, and its exit status. */
  record Printed(int exit, String output) {}

  @Test
  void the_walkthrough_runs_in_order_and_prints_what_the_readme_says(@TempDir Path shell)
      throws IOException, InterruptedException {
    assumeFalse(
        TestServer.isPostgres(),
        "the walkthrough is of ./stockroom on its embedded database; PostgreSQL's answers are the"
            + " conformance scenarios'");
    List<Step> steps = steps(Files.readString(README));
    assertThat(steps.stream().map(Step::code).collect(Collectors.joining()))
        .as("the founding example, the access-control examples and the reservation example")
        .contains("source-items-delete", "users add", "OAuth", "/reserve");

    Config config = TestServer.config(Map.of());
    try (var server = ChildServer.start(List.of(), TestServer.databaseFlags(config))) {
      var password = GENERATED_PASSWORD.matcher(server.startupLog());
      assertThat(password.find())
          .as("a first start prints a password:\n%s", server.startupLog())
          .isTrue();
      List<Printed> printed =
          run(steps, server.baseUrl(), password.group(1), config.dataDir(), shell);

      var mismatches = new ArrayList<String>();
      for (int index = 0; index < steps.size(); index++) {
        Step step = steps.get(index);
        Printed actual =
            index < printed.size() ? printed.get(index) : new Printed(-1, "(the shell stopped)");
        if (actual.exit() != 0 || !matches(step.output(), actual.output())) {
          mismatches.add(
              "%s\nREADME says it prints:\n%s\nit printed, exiting with %d:\n%s"
                  .formatted(
                      step.code().strip(),
                      step.output().strip(),
                      actual.exit(),
                      actual.output().strip()));
        }
      }
      assertThat(mismatches).as("steps whose output differs from the README's").isEmpty();
    }
  }

  /** The steps of the README's walkthrough blocks, in order. */
  private static List<Step> steps(String readme) {
    var steps = new ArrayList<Step>();
    List<String> lines = readme.lines().toList();
    for (int index = 0; index < lines.size(); index++) {
      if (!lines.get(index).strip().equals(MARK)) {
        continue;
      }
      String fence = lines.get(++index);
      if (!fence.strip().equals("```sh")) {
        throw new IllegalStateException(MARK + " is not followed by a ```sh fence: " + fence);
      }
      String indent = fence.substring(0, fence.indexOf('`'));
      var code = new StringBuilder();
      var output = new StringBuilder();
      for (index++; !lines.get(index).strip().equals("```"); index++) {
        String line = lines.get(index);
        line = line.startsWith(indent) ? line.substring(indent.length()) : line.strip();
        if (line.startsWith("# →")) {
          if (code.isEmpty()) {
            throw new IllegalStateException("An output with no command before it: " + line);
          }
          output.append(line.substring(3)).append('\n');
        } else if (!output.isEmpty() && OUTPUT_GOES_ON.matcher(line).lookingAt()) {
          output.append(line.substring(1)).append('\n');
        } else if (line.isBlank() || line.startsWith("#")) {
          endStep(steps, code, output);
        } else {
          if (!output.isEmpty()) {
            endStep(steps, code, output);
          }
          code.append(line).append('\n');
        }
      }
      endStep(steps, code, output);
    }
    return steps;
  }

  private static void endStep(List<Step> steps, StringBuilder code, StringBuilder output) {
    if (!code.isEmpty()) {
      steps.add(new Step(code.toString(), output.toString()));
    }
    code.setLength(0);
    output.setLength(0);
  }

  /** Whether the README's output stands for what was printed. */
  private static boolean matches(String readme, String printed) {
    String pattern =
        Arrays.stream(withoutWhitespace(readme).split(ANYTHING, -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    return Pattern.compile(pattern, Pattern.DOTALL).matcher(withoutWhitespace(printed)).matches();
  }

  private static String withoutWhitespace(String text) {
    return text.replaceAll("\\s+", "");
  }

  /** Runs the steps in one bash in {@code directory}; what each printed. */
  private static List<Printed> run(
      List<Step> steps, String serverUrl, String password, Path dataDirectory, Path directory)
      throws IOException, InterruptedException {
    Path stockroom = directory.resolve("stockroom");
    Files.writeString(
        stockroom,
        """
        #!/usr/bin/env bash
        exec '%s' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \\
          -cp '%s' dev.stockroom.Main "$@"
        """
            .formatted(
                ProcessHandle.current().info().command().orElse("java"),
                System.getProperty("java.class.path")));
    assertThat(stockroom.toFile().setExecutable(true)).isTrue();

    var script = new StringBuilder();
    for (Step step : steps) {
      script.append(step.code().replace(README_SERVER, serverUrl));
      script.append("printf '\\n%1$s%%d%1$s' \"$?\"\n".formatted(STEP_END));
    }
    Path file = directory.resolve("walkthrough.sh");
    Files.writeString(file, script);

    Path log = directory.resolve("walkthrough.log");
    var bash =
        new ProcessBuilder("bash", "--noprofile", "--norc", file.toString())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    var environment = bash.environment();
    environment
        .keySet()
        .removeIf(name -> name.startsWith("STOCKROOM_") || name.toLowerCase().endsWith("_proxy"));
    environment.put("PASSWORD", password);
    environment.put("STOCKROOM_DATA_DIR", dataDirectory.toString());
    Process process = bash.start();
    // Only against a hang: on a busy machine the walkthrough has taken a minute and a half.
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    // Each step's output is followed by its exit status between two STEP_ENDs.
    String[] pieces = Files.readString(log).split(STEP_END, -1);
    var outputs = new ArrayList<Printed>();
    for (int index = 0; index + 1 < pieces.length; index += 2) {
      outputs.add(new Printed(Integer.parseInt(pieces[index + 1]), pieces[index]));
    }
    return outputs;
  }
}
