package dev.stockroom.auth;

import dev.stockroom.acl.Principal;
import dev.stockroom.binding.Php;
import dev.stockroom.error.AuthenticationException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the caller from the Authorization header: {@code Bearer <admin token>}, {@code Bearer
 * <integration access token>} where that is enabled, or an OAuth 1.0a signature of an integration.
 * An unknown, expired or revoked credential is no caller at all (the route's ACL check then answers
 * 401); a signature that does not verify is refused with Magento's message. A bearer sign-in is
 * held for a moment once looked up ({@link RecentSignIns}); a signature is checked every time.
 */
public final class Authenticator {
  private static final String[] REQUIRED_OAUTH_PARAMETERS = {
    "oauth_consumer_key",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_token"
  };

  private final AdminTokenStore adminTokens;
  private final IntegrationStore integrations;
  private final Clock clock;
  private final Duration timestampWindow;
  private final boolean integrationAsBearer;
  private final RecentSignIns recentSignIns;

  public Authenticator(
      AdminTokenStore adminTokens,
      IntegrationStore integrations,
      Clock clock,
      Duration timestampWindow,
      boolean integrationAsBearer) {
    this.adminTokens = adminTokens;
    this.integrations = integrations;
    this.clock = clock;
    this.timestampWindow = timestampWindow;
    this.integrationAsBearer = integrationAsBearer;
    this.recentSignIns = new RecentSignIns(clock);
  }

  /** The request as a signature sees it; the body is read only if a signature needs it. */
  public record Request(
      String authorization,
      String method,
      String scheme,
      String host,
      String rawPath,
      String rawQuery,
      String contentType,
      Supplier<byte[]> body) {}

  public Optional<Principal> authenticate(Request request) {
    String authorization = request.authorization();
    if (authorization == null) {
      return Optional.empty();
    }
    String credentials = authorization.strip();
    // The scheme ends at the first \s (split by hand: a regex split per request showed in
    // profiles).
    int space = Php.indexOfWhitespace(credentials);
    int end = space < 0 ? credentials.length() : space;
    return switch (credentials.substring(0, end).toLowerCase(Locale.ROOT)) {
      case "bearer" -> bearer(credentials.substring(end).strip());
      case "oauth" -> oauth(request);
      default -> Optional.empty();
    };
  }

  private Optional<Principal> bearer(String token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    return recentSignIns.principal(token, this::lookUpBearer);
  }

  /** An admin token, or else (where enabled) an active integration's access token, which lasts. */
  private Optional<RecentSignIns.SignIn> lookUpBearer(String token) {
    Optional<RecentSignIns.SignIn> admin = adminTokens.signIn(token);
    if (admin.isPresent() || !integrationAsBearer) {
      return admin;
    }
    return integrations
        .byAccessToken(token)
        .filter(consumer -> consumer.integration().active())
        .map(consumer -> new RecentSignIns.SignIn(consumer.principal(), Long.MAX_VALUE));
  }

  private Optional<Principal> oauth(Request request) {
    Map<String, String> parameters = OAuth1.headerParameters(request.authorization().strip());
    var missing = new ArrayList<ErrorEntry>();
    for (String name : REQUIRED_OAUTH_PARAMETERS) {
      if (parameters.getOrDefault(name, "").isEmpty()) {
        missing.add(InputException.required(name));
      }
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    String version = parameters.get("oauth_version");
    if (version != null && !version.equals("1.0")) {
      throw new LocalizedException(
          "The \"%1\" Oauth version isn't supported.", Parameters.positional(version));
    }
    String method = parameters.get("oauth_signature_method");
    if (!OAuth1.MACS.containsKey(method)) {
      throw new LocalizedException(
          "Signature method %1 is not supported", Parameters.positional(method));
    }
    Optional<IntegrationStore.Consumer> found =
        integrations
            .byConsumerKey(parameters.get("oauth_consumer_key"))
            .filter(consumer -> consumer.integration().active())
            .filter(consumer ->
                Secrets.equal(
                    consumer.accessTokenHash(), Secrets.sha256(parameters.get("oauth_token"))));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    IntegrationStore.Consumer consumer = found.get();
    if (!timestampIsFresh(parameters.get("oauth_timestamp"))) {
      // Magento's wording for a timestamp it refuses.
      throw new AuthenticationException("An error occurred validating the nonce");
    }
    String expected =
        OAuth1.sign(
            method,
            OAuth1.baseString(request, parameters),
            consumer.consumerSecret(),
            consumer.accessTokenSecret());
    if (!Secrets.equal(expected, parameters.get("oauth_signature"))) {
      throw new AuthenticationException("The signature is invalid. Verify and try again.");
    }
    if (!integrations.useNonce(
        consumer.integration().consumerKey(), parameters.get("oauth_nonce"), timestampWindow)) {
      throw new AuthenticationException(
          "The nonce is already being used by the consumer with ID %1",
          Parameters.positional(consumer.integration().integrationId()));
    }
    return Optional.of(consumer.principal());
  }

  private boolean timestampIsFresh(String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException notANumber) {
      return false;
    }
    long now = clock.millis() / 1000;
    return Math.abs(now - seconds) <= timestampWindow.toSeconds();
  }
}
