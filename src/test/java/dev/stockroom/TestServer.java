package dev.stockroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real Stockroom on a free loopback port with a fresh embedded database. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String PASSWORD = "test-password-1";

  private final App app;
  private final HttpClient client = HttpClient.newHttpClient();
  private String token;

  private TestServer(App app) {
    this.app = app;
  }

  public static TestServer start() {
    return start(Clock.systemUTC());
  }

  public static TestServer start(Clock clock) {
    try {
      Path dataDir = Files.createTempDirectory("stockroom-test-");
      var config = new Config("127.0.0.1", 0, dataDir, ADMIN, PASSWORD, Duration.ofHours(4), clock);
      return new TestServer(App.create(config));
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** An admin token, obtained once per server. */
  public synchronized String token() {
    if (token == null) {
      var response =
          send(
              "POST",
              "/rest/V1/integration/admin/token",
              "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}",
              null);
      token = response.body().replace("\"", "");
    }
    return token;
  }

  /** Sends a JSON request with the admin token. */
  public HttpResponse<String> send(String method, String target, String jsonBody) {
    return send(method, target, jsonBody, "Bearer " + token());
  }

  public HttpResponse<String> send(
      String method, String target, String jsonBody, String authorization) {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl() + target))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
