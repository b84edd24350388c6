package dev.stockroom.auth;

import dev.stockroom.binding.PhpQuery;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a request signing (RFC 5849 §3.4): the signature base string and its HMAC. Stockroom
 * accepts HMAC-SHA256 (Magento's only method) and HMAC-SHA1.
 */
final class OAuth1 {
  static final Map<String, String> MACS =
      Map.of("HMAC-SHA256", "HmacSHA256", "HMAC-SHA1", "HmacSHA1");

  private OAuth1() {}

  /** The parameters of an {@code Authorization: OAuth …} header, decoded; realm left out. */
  static Map<String, String> headerParameters(String authorization) {
    var parameters = new LinkedHashMap<String, String>();
    String list = authorization.substring("OAuth".length()).strip();
    for (String part : list.split(",")) {
      int equals = part.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String name = part.substring(0, equals).strip();
      String value = part.substring(equals + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (!name.equals("realm")) {
        parameters.put(decode(name), decode(value));
      }
    }
    return parameters;
  }

  /** RFC 5849 §3.4.1: method, base string URI and normalised parameters, each encoded. */
  static String baseString(Authenticator.Request request, Map<String, String> oauthParameters) {
    var parameters = new ArrayList<String[]>();
    addForm(parameters, request.rawQuery());
    if (request.contentType() != null
        && request
            .contentType()
            .toLowerCase(Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded")) {
      addForm(parameters, new String(request.body().get(), StandardCharsets.UTF_8));
    }
    oauthParameters.forEach((name, value) -> {
      if (!name.equals("oauth_signature")) {
        parameters.add(new String[] {name, value});
      }
    });
    List<String> normalised =
        parameters.stream()
            .map(pair -> new String[] {encode(pair[0]), encode(pair[1])})
            .sorted((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]))
            .map(pair -> pair[0] + "=" + pair[1])
            .toList();
    return request.method().toUpperCase(Locale.ROOT)
        + "&"
        + encode(baseUri(request))
        + "&"
        + encode(String.join("&", normalised));
  }

  /** RFC 5849 §3.4.1.2: lower-case scheme and host, the port only where it is not the default. */
  static String baseUri(Authenticator.Request request) {
    String scheme = request.scheme().toLowerCase(Locale.ROOT);
    String host = request.host().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") && host.endsWith(":80")
        || scheme.equals("https") && host.endsWith(":443")) {
      host = host.substring(0, host.lastIndexOf(':'));
    }
    return scheme + "://" + host + request.rawPath();
  }

  static String sign(String method, String baseString, String consumerSecret, String tokenSecret) {
    try {
      Mac mac = Mac.getInstance(MACS.get(method));
      String key = encode(consumerSecret) + "&" + encode(tokenSecret);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
      byte[] signature = mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature);
    } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
      throw new IllegalStateException("Every JDK has HMAC-SHA1 and HMAC-SHA256", impossible);
    }
  }

  /** RFC 5849 §3.6: percent-encode everything but the unreserved characters. */
  static String encode(String text) {
    var encoded = new StringBuilder(text.length() * 2);
    for (byte octet : text.getBytes(StandardCharsets.UTF_8)) {
      char character = (char) (octet & 0xFF);
      if (character >= 'A' && character <= 'Z'
          || character >= 'a' && character <= 'z'
          || character >= '0' && character <= '9'
          || character == '-'
          || character == '.'
          || character == '_'
          || character == '~') {
        encoded.append(character);
      } else {
        encoded.append('%').append(String.format("%02X", octet & 0xFF));
      }
    }
    return encoded.toString();
  }

  /** Form decoding: percent escapes and {@code +} as a space. */
  static String decode(String text) {
    return PhpQuery.urldecode(text);
  }

  private static void addForm(List<String[]> parameters, String form) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      parameters.add(
          equals < 0
              ? new String[] {decode(pair), ""}
              : new String[] {
                decode(pair.substring(0, equals)), decode(pair.substring(equals + 1))
              });
    }
  }
}
