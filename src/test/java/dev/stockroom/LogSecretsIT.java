package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No password, token or secret reaches a log. Runs after the whole suite (failsafe), over what
 * every test JVM printed, in-process servers and child servers alike: the passwords and secrets the
 * tests use, and anything shaped like a credential Stockroom issues (32 lower-case letters and
 * digits: admin tokens, integration keys and secrets) or sends (a bearer header, OAuth parameters,
 * a JSON password).
 */
class LogSecretsIT {
  private static final Path LOGS = Path.of("target", "surefire-reports");

  /** The literal secrets the tests use: constants named …PASSWORD… or …SECRET…. */
  private static final Pattern SECRET_CONSTANT =
      Pattern.compile("\\w*(?:PASSWORD|SECRET)\\w* =\\s*\"([^\"]{6,})\"");

  /** Credential shapes; a log line may name that one exists, never show one. */
  private static final List<Pattern> SHAPES =
      List.of(
          Pattern.compile("(?<![A-Za-z0-9_-])[a-z0-9]{32}(?![A-Za-z0-9_-])"),
          Pattern.compile("Bearer [A-Za-z0-9._~+/-]{8,}"),
          Pattern.compile("oauth_(?:signature|token|consumer_key)=[^&\\s,\"]+"),
          Pattern.compile("\"password\"\\s*:\\s*\"(?!\\.\\.\\.\")[^\"]+\""));

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{32}");

  /**
   * Lines that print a secret on purpose, once, to whoever started Stockroom (not through the
   * logger): the first admin's generated password.
   */
  private static final Pattern SHOWN_ONCE = Pattern.compile("with the generated password: ");

  @Test
  void no_log_of_the_test_run_holds_a_secret() throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(LOGS)) {
      logs = files.filter(file -> file.toString().endsWith("-output.txt")).sorted().toList();
    }
    assertThat(logs).as("the logs of the test run in " + LOGS).isNotEmpty();
    Set<String> secrets = testSecrets();
    assertThat(secrets).contains(TestServer.PASSWORD);

    var found = new ArrayList<String>();
    for (Path log : logs) {
      int number = 0;
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        number++;
        if (SHOWN_ONCE.matcher(line).find()) {
          continue;
        }
        for (String secret : secrets) {
          if (line.contains(secret)) {
            found.add(log.getFileName() + ":" + number + ": " + line);
          }
        }
        for (Pattern shape : SHAPES) {
          Matcher matcher = shape.matcher(line);
          while (matcher.find()) {
            // 32 hexadecimal digits are an ETag (an MD5); a token has letters past f.
            if (!HEX.matcher(matcher.group()).matches()) {
              found.add(log.getFileName() + ":" + number + " (" + matcher.group() + "): " + line);
            }
          }
        }
      }
    }
    assertThat(found).as("log lines holding a secret").isEmpty();
  }

  private static Set<String> testSecrets() throws IOException {
    var secrets = new LinkedHashSet<String>();
    try (Stream<Path> sources = Files.walk(Path.of("src", "test", "java"))) {
      for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
        Matcher matcher = SECRET_CONSTANT.matcher(Files.readString(source));
        while (matcher.find()) {
          secrets.add(matcher.group(1));
        }
      }
    }
    return secrets;
  }
}
