package dev.stockroom.acl;

import java.util.Set;

/** Who a request acts for (an admin user or an integration) and the ACL resources it holds. */
public record Principal(Kind kind, long id, String name, Set<String> resources) {
  public enum Kind {
    ADMIN,
    INTEGRATION
  }

  public boolean allows(String resource) {
    return resources.contains(Acl.ALL) || resources.contains(resource);
  }
}
