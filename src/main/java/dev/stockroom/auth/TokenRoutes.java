package dev.stockroom.auth;

import dev.stockroom.error.AuthenticationException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;

/** {@code POST /V1/integration/admin/token}: sign in, get a bearer token as a bare JSON string. */
public final class TokenRoutes {
  private static final String SIGN_IN_REFUSED =
      "The account sign-in was incorrect or your account is disabled temporarily. "
          + "Please wait and try again later.";

  private final AdminUserStore users;
  private final AdminTokenStore tokens;
  private final SignInThrottle throttle;

  public TokenRoutes(AdminUserStore users, AdminTokenStore tokens, SignInThrottle throttle) {
    this.users = users;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  private static final Service ADMIN_TOKEN_SERVICE =
      new Service(
          "integrationAdminTokenServiceV1", "Interface providing token generation for Admins");

  public void register(Router router) {
    router
        .post("/V1/integration/admin/token", Route.ANONYMOUS, this::createAdminAccessToken)
        .service(
            ADMIN_TOKEN_SERVICE,
            "createAdminAccessToken",
            "Create access token for admin given the admin credentials.")
        .required("username", ApiType.STRING)
        .required("password", ApiType.STRING)
        .returns(ApiType.STRING)
        .throwing(InputException.class, AuthenticationException.class, LocalizedException.class);
  }

  private String createAdminAccessToken(RestRequest request) {
    request.requireArguments("username", "password");
    String username = request.stringArgument("username");
    String password = request.stringArgument("password");
    var errors = new ArrayList<ErrorEntry>();
    if (username.isEmpty()) {
      errors.add(InputException.required("username"));
    }
    if (password.isEmpty()) {
      errors.add(InputException.required("password"));
    }
    if (!errors.isEmpty()) {
      throw InputException.of(errors);
    }
    // As Magento: the lock is checked before the password, and answers like a wrong password.
    if (throttle.isLocked(username)) {
      throw new AuthenticationException(SIGN_IN_REFUSED);
    }
    var user = users.authenticate(username, password);
    if (user.isEmpty()) {
      throttle.recordFailure(username);
      throw new AuthenticationException(SIGN_IN_REFUSED);
    }
    throttle.reset(username);
    return tokens.issue(user.get().userId());
  }
}
