package dev.stockroom.http;

import io.javalin.http.HandlerType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers requests whose method Javalin has no name for ({@code TRACK}, {@code PROPFIND}, …) in
 * Magento's error shape, as the REST API answers {@code PATCH}: Javalin would answer them with a
 * plain-text 404 of its own. Their bodies are not read; the connection closes after the answer.
 */
public final class UnknownMethods extends Handler.Wrapper {
  private static final Set<String> KNOWN =
      HandlerType.values().stream()
          .filter(HandlerType::isHttpMethod)
          .map(HandlerType::name)
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (KNOWN.contains(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    String path = request.getHttpURI().getPath();
    boolean rest = path != null && (path.equals("/rest") || path.startsWith("/rest/"));
    String message = rest ? "Request method is invalid." : "Request does not match any route.";
    response.setStatus(rest ? 400 : 404);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
