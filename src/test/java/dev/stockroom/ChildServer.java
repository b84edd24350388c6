package dev.stockroom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Stockroom in a process of its own (this test run's classes, {@code dev.stockroom.Main}), for
 * tests that limit its heap or kill it.
 */
public final class ChildServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

  private final Process process;
  private final int port;
  private final Queue<String> lines;

  private ChildServer(Process process, int port, Queue<String> lines) {
    this.process = process;
    this.port = port;
    this.lines = lines;
  }

  /** What the process printed up to the line saying where it listens, that line included. */

  /** Starts it with these JVM options and settings flags, on loopback and any free port. */
  public static ChildServer start(List<String> jvmOptions, List<String> flags) {
    var command = java(jvmOptions);
    command.addAll(List.of("--host=127.0.0.1", "--port=0"));
    command.addAll(flags);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var lines = new ConcurrentLinkedQueue<String>();
      return new ChildServer(process, awaitPort(process, lines), lines);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** The command that runs {@code dev.stockroom.Main} with these JVM options; arguments follow. */
  private static List<String> java(List<String> jvmOptions) {
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.stockroom.Main"));
    return command;
  }

  /** How a run of {@link #run} ended: its exit code and what it printed on each stream. */
  public record Exited(int code, String out, String err) {}

  /**
   * Runs {@code stockroom ARGUMENTS} to its end in {@code directory}, with no STOCKROOM_* variables
   * but {@code environment}; for starts that must fail, and commands.
   */
  public static Exited run(Path directory, Map<String, String> environment, List<String> arguments)
      throws IOException, InterruptedException {
    var command = java(List.of());
    command.addAll(arguments);
    var builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("STOCKROOM_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out = readAll(process.getInputStream());
    CompletableFuture<String> err = readAll(process.getErrorStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "stockroom " + arguments + " did not end:\n" + out.join() + err.join());
    }
    return new Exited(process.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException failure) {
            throw new UncheckedIOException(failure);
          }
        },
        Thread::startVirtualThread);
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** A request with a JSON body (or none), as the bearer of {@code token} unless it is null. */
  public HttpResponse<String> send(String token, String method, String target, String body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl() + target))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs the admin in with {@code password}; the token. */
  public String token(String password) throws IOException, InterruptedException {
    var response =
        send(
            null,
            "POST",
            "/rest/V1/integration/admin/token",
            "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Sign-in refused: " + response.body());
    }
    return response.body().replace("\"", "");
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** What it has printed so far, e.g. the first admin's generated password at its start. */
  public String startupLog() {
    return String.join("\n", lines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The most resident memory the process has used so far, in kB (Linux's VmHWM). */
  public long peakResidentKilobytes() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    throw new IllegalStateException("No VmHWM for process " + process.pid());
  }

  /** What the server has logged so far, line by line. */
  public List<String> log() {
    return List.copyOf(lines);
  }

  /**
   * SIGTERM, as a service manager stops it; returns at once. (Through its handle: {@code
   * Process.destroy} also closes the pipes this end reads the log from.)
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the process to end; its exit code. */
  public int waitFor() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The server did not stop within a minute");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** Reads the log until it says where it listens, and on; copies it to the test's output. */
  /** Copies the rest of the log, until the process ends or its pipe is closed. */
  private static void copy(BufferedReader reader, Queue<String> lines) {
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        System.out.println(line);
      }
    } catch (IOException closed) {
      // Process.destroy closes the pipe: nothing more to copy.
    }
  }

  private static int awaitPort(Process process, Queue<String> lines) {
    var reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    var started =
        CompletableFuture.supplyAsync(() -> {
          var log = new StringBuilder();
          try {
            String line;
            while ((line = reader.readLine()) != null) {
              log.append(line).append('\n');
              lines.add(line);
              // Into the test's own output: the logs of a test run are checked for secrets.
              System.out.println(line);
              var matcher = LISTENING.matcher(line);
              if (matcher.find()) {
                Thread.ofVirtual().start(() -> copy(reader, lines));
                return Integer.parseInt(matcher.group(1));
              }
            }
          } catch (IOException ended) {
            // Reported below.
          }
          throw new IllegalStateException("The server stopped before it listened:\n" + log);
        });
    try {
      return started.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException failure) {
      process.destroyForcibly();
      throw new IllegalStateException("The server did not start", failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
