package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed ends with exit code 2 and one line on standard error (after the log's
 * start line, once the address is bound) that names the setting to correct: no stack trace, and
 * nothing left half-started or created. Each start is Stockroom's own main in a process of its own.
 */
class StartupFailuresTest {
  @TempDir Path directory;

  /** A start with the test password and these flags, in the temporary directory. */
  private ChildServer.Exited start(String... flags) throws Exception {
    return ChildServer.run(
        directory, Map.of("STOCKROOM_ADMIN_PASSWORD", TestServer.PASSWORD), List.of(flags));
  }

  /** The same, on a fresh database of the kind this test run is for, on loopback. */
  private ChildServer.Exited startOnTestDatabase(String... flags) throws Exception {
    var arguments = new ArrayList<>(TestServer.databaseFlags(TestServer.config(Map.of())));
    arguments.addAll(List.of(flags));
    return start(arguments.toArray(String[]::new));
  }

  /** A line of the log at level INFO, such as the start line with the settings. */
  private static final Pattern INFO_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ INFO ");

  /** Exit code 2, and besides the log's INFO lines one line, the last, naming the setting. */
  private static void assertRefusedNaming(ChildServer.Exited start, String setting) {
    assertThat(start.code()).as(start.err()).isEqualTo(2);
    List<String> told =
        start.err().lines().filter(line -> !INFO_LINE.matcher(line).find()).toList();
    assertThat(told).as(start.err()).hasSize(1);
    assertThat(start.err().strip().lines().reduce((first, second) -> second))
        .as(start.err())
        .hasValueSatisfying(
            last -> assertThat(last).startsWith("Stockroom cannot start: " + setting + " ("));
    assertThat(start.err()).doesNotContain("Exception").doesNotContain("at dev.stockroom");
  }

  @Test
  void a_host_that_is_not_an_address_of_this_machine_is_named() throws Exception {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never a machine's own address.
    var start = startOnTestDatabase("--host=192.0.2.1", "--port=0", "--data-dir=data");

    assertRefusedNaming(start, "STOCKROOM_HOST");
    assertThat(start.err()).contains("192.0.2.1").contains("0.0.0.0");
    assertThat(directory.resolve("data")).doesNotExist();
  }

  @Test
  void a_port_in_use_is_named_and_no_database_is_created() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var start = start("--host=127.0.0.1", "--port=" + taken.getLocalPort(), "--data-dir=data");

      assertRefusedNaming(start, "STOCKROOM_PORT");
      assertThat(start.err()).contains(Integer.toString(taken.getLocalPort()));
      assertThat(directory.resolve("data")).doesNotExist();
    }
  }

  @Test
  void a_data_directory_that_is_a_file_is_named() throws Exception {
    assumeFalse(TestServer.isPostgres(), "the data directory is the embedded database's");
    Files.writeString(directory.resolve("data"), "not a directory");

    var start = start("--host=127.0.0.1", "--port=0", "--data-dir=data");

    assertRefusedNaming(start, "STOCKROOM_DATA_DIR");
    assertThat(start.err()).contains("is a file");
  }

  @Test
  void a_data_directory_that_cannot_be_created_is_named() throws Exception {
    assumeFalse(TestServer.isPostgres(), "the data directory is the embedded database's");
    Files.writeString(directory.resolve("file"), "not a directory");

    var start = start("--host=127.0.0.1", "--port=0", "--data-dir=file/data");

    assertRefusedNaming(start, "STOCKROOM_DATA_DIR");
    assertThat(start.err()).contains("cannot be created").contains("Not a directory");
  }

  @Test
  void a_data_directory_that_cannot_be_written_is_named() throws Exception {
    assumeFalse(TestServer.isPostgres(), "the data directory is the embedded database's");
    Path data = Files.createDirectory(directory.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(data), "this user (root) may write any directory");

      var start = start("--host=127.0.0.1", "--port=0", "--data-dir=data");

      assertRefusedNaming(start, "STOCKROOM_DATA_DIR");
      assertThat(start.err()).contains("cannot be written");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void a_database_file_that_cannot_be_opened_is_named() throws Exception {
    assumeFalse(TestServer.isPostgres(), "the data directory is the embedded database's");
    Files.createDirectories(directory.resolve("data/stockroom.db"));

    var start = start("--host=127.0.0.1", "--port=0", "--data-dir=data");

    assertRefusedNaming(start, "STOCKROOM_DATA_DIR");
    assertThat(start.err()).contains("stockroom.db cannot be opened");
  }

  @Test
  void postgresql_that_does_not_answer_is_named_by_its_url() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    var start =
        start(
            "--host=127.0.0.1",
            "--port=0",
            "--db-url=jdbc:postgresql://127.0.0.1:" + closed + "/stockroom?password=hidden");

    assertRefusedNaming(start, "STOCKROOM_DB_URL");
    assertThat(start.err()).contains("127.0.0.1:" + closed).doesNotContain("hidden");
  }

  @Test
  void a_postgresql_password_refused_is_named() throws Exception {
    assumeTrue(TestServer.isPostgres(), "needs the test run's PostgreSQL");
    String url = PostgresServer.shared().newPasswordDatabase("the-right-password");

    var start =
        start(
            "--host=127.0.0.1",
            "--port=0",
            "--db-url=" + url,
            "--db-user=password_user",
            "--db-password=a-wrong-password");

    assertRefusedNaming(start, "STOCKROOM_DB_PASSWORD");
    assertThat(start.err()).contains("password_user").doesNotContain("a-wrong-password");
  }

  @Test
  void the_stack_trace_is_printed_when_asked_for() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var start = start("--host=127.0.0.1", "--port=" + taken.getLocalPort(), "--debug=true");

      assertThat(start.code()).isEqualTo(2);
      assertThat(start.err().lines().findFirst().orElseThrow())
          .startsWith("Stockroom cannot start: STOCKROOM_PORT (--port)");
      assertThat(start.err()).contains("at dev.stockroom.ListenSocket");
    }
  }

  @Test
  void another_admin_user_on_a_database_with_administrators_is_refused() throws Exception {
    Config config = TestServer.config(Map.of());
    TestServer.start(config).close();
    var flags = new ArrayList<>(TestServer.databaseFlags(config));
    flags.addAll(List.of("--host=127.0.0.1", "--port=0", "--admin-user=bob"));

    var start = start(flags.toArray(String[]::new));

    assertRefusedNaming(start, "STOCKROOM_ADMIN_USER");
    assertThat(start.err())
        .contains("\"admin\"")
        .contains("stockroom users add bob --role Administrators");
    try (var server = TestServer.start(config)) {
      assertThat(server.cli("users", "list")).contains("admin").doesNotContain("bob");
    }
  }

  @Test
  void a_refused_start_leaves_no_thread_and_no_connection_behind() throws Exception {
    Config config = TestServer.config(Map.of());
    TestServer.start(config).close();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    var sameDatabase = new HashMap<String, String>();
    sameDatabase.put("STOCKROOM_DATA_DIR", config.dataDir().toString());
    if (config.databaseUrl() != null) {
      sameDatabase.put("STOCKROOM_DB_URL", config.databaseUrl());
    }
    sameDatabase.put("STOCKROOM_ADMIN_USER", "bob");
    Config anotherAdmin = TestServer.config(sameDatabase);
    assertThatThrownBy(() -> App.create(anotherAdmin))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageStartingWith("STOCKROOM_ADMIN_USER");
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Config portTaken =
          TestServer.config(Map.of("STOCKROOM_PORT", Integer.toString(taken.getLocalPort())));
      assertThatThrownBy(() -> App.create(portTaken))
          .isInstanceOf(Config.ConfigException.class)
          .hasMessageStartingWith("STOCKROOM_PORT");
    }

    long deadline = System.nanoTime() + 10_000_000_000L;
    Set<String> started;
    do {
      started =
          Thread.getAllStackTraces().keySet().stream()
              .filter(thread -> !before.contains(thread) && thread.isAlive())
              .map(Thread::getName)
              .collect(Collectors.toSet());
    } while (!started.isEmpty() && System.nanoTime() < deadline && sleep());
    assertThat(started).isEmpty();
    if (TestServer.isPostgres()) {
      TestServer.awaitPostgresSessions(config, "true", sessions -> sessions == 0);
    }
  }

  private static boolean sleep() throws InterruptedException {
    Thread.sleep(50);
    return true;
  }
}
