package dev.stockroom.webapi;

import dev.stockroom.acl.Principal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who makes a call. Over HTTP that is read from the request's credentials, and only for a route
 * that is not anonymous (an unknown route is a 404 even without a token); a signature over a form
 * body may need the body. A stored operation's caller is the principal that posted it.
 */
@FunctionalInterface
public interface Caller {
  Caller ANONYMOUS = body -> Optional.empty();

  /** The principal, if the credentials name one; a credential that is malformed throws. */
  Optional<Principal> principal(Supplier<byte[]> body);

  static Caller of(Principal principal) {
    return body -> Optional.of(principal);
  }
}
