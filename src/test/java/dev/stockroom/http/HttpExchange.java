package dev.stockroom.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One HTTP/1.1 response read by hand from a socket: its status and its body. */
record HttpExchange(int status, String body) {
  static HttpExchange read(InputStream input) throws IOException {
    String statusLine = line(input);
    while (statusLine.startsWith("HTTP/1.1 100")) {
      line(input);
      statusLine = line(input);
    }
    int length = -1;
    for (String header = line(input); !header.isEmpty(); header = line(input)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).strip());
      }
    }
    byte[] body = length < 0 ? input.readAllBytes() : input.readNBytes(length);
    return new HttpExchange(
        Integer.parseInt(statusLine.split(" ")[1]), new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream input) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int octet = input.read(); octet != '\n'; octet = input.read()) {
      if (octet < 0) {
        throw new IOException("The connection closed before the response was complete");
      }
      if (octet != '\r') {
        line.write(octet);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
