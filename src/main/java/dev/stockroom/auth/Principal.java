package dev.stockroom.auth;

import java.util.Set;

/** Who a request acts for, and the ACL resources their role allows. */
public record Principal(long userId, String username, Set<String> resources) {
  public boolean allows(String resource) {
    return resources.contains(Acl.ALL) || resources.contains(resource);
  }
}
