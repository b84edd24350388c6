package dev.stockroom.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests it refuses before Stockroom sees them (a URI with a NUL byte, an
 * over-long header), in Magento's error shape instead of an HTML page. Jetty closes the connection
 * after them, so the answer says so: a client must not send its next request on it.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private static final String JSON = "application/json; charset=utf-8";

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, JSON);
    fields.put(HttpHeader.CONNECTION, "close");
    return ByteBuffer.wrap(body(status));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status =
        request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(status)), callback);
    return true;
  }

  /** 400 and 404 in Magento's words; anything else by its HTTP reason. */
  private static byte[] body(int status) {
    String message =
        switch (status) {
          case 400 -> "Specified request cannot be processed.";
          case 404 -> "Request does not match any route.";
          default -> HttpStatus.getMessage(status) + ".";
        };
    return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
