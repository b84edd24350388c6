package dev.stockroom.auth;

import dev.stockroom.acl.Acl;
import dev.stockroom.db.Database;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Roles: named sets of ACL resources that admin users hold. */
public final class RoleStore {
  private final Database database;

  public RoleStore(Database database) {
    this.database = database;
  }

  public record Role(long roleId, String name, Set<String> resources) {}

  /** Creates the role, or replaces the resources of the role with that name. */
  public Role save(String name, Set<String> resources) {
    resources.forEach(RoleStore::requireKnown);
    return database.inTransaction(unit -> {
      Connection connection = unit.connection();
      long roleId;
      Optional<Role> existing = find(connection, name);
      if (existing.isPresent()) {
        roleId = existing.get().roleId();
        try (var delete =
            connection.prepareStatement("DELETE FROM admin_role_resource WHERE role_id = ?")) {
          delete.setLong(1, roleId);
          delete.executeUpdate();
        }
      } else {
        try (var insert =
            connection.prepareStatement("INSERT INTO admin_role (name, name_key) VALUES (?, ?)")) {
          insert.setString(1, name);
          insert.setString(2, Keys.fold(name));
          insert.executeUpdate();
        }
        roleId = find(connection, name).orElseThrow().roleId();
      }
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO admin_role_resource (role_id, resource) VALUES (?, ?)")) {
        for (String resource : new TreeSet<>(resources)) {
          insert.setLong(1, roleId);
          insert.setString(2, resource);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return find(connection, name).orElseThrow();
    });
  }

  public Optional<Role> find(String name) {
    return database.read(connection -> find(connection, name));
  }

  public List<Role> list() {
    return database.read(connection -> {
      var names = new ArrayList<String>();
      try (var select =
              connection.prepareStatement("SELECT name FROM admin_role ORDER BY name_key");
          var rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      var roles = new ArrayList<Role>();
      for (String name : names) {
        roles.add(find(connection, name).orElseThrow());
      }
      return roles;
    });
  }

  static Optional<Role> find(Connection connection, String name) throws SQLException {
    try (var select =
        connection.prepareStatement("SELECT role_id, name FROM admin_role WHERE name_key = ?")) {
      select.setString(1, Keys.fold(name));
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        long roleId = rows.getLong(1);
        return Optional.of(new Role(roleId, rows.getString(2), resources(connection, roleId)));
      }
    }
  }

  /** The resources of a role, by id. */
  static Set<String> resources(Connection connection, long roleId) throws SQLException {
    var resources = new TreeSet<String>();
    try (var select =
        connection.prepareStatement("SELECT resource FROM admin_role_resource WHERE role_id = ?")) {
      select.setLong(1, roleId);
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          resources.add(rows.getString(1));
        }
      }
    }
    return resources;
  }

  static void requireKnown(String resource) {
    if (Acl.find(resource).isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown ACL resource \""
              + resource
              + "\". Known: "
              + Acl.TREE.stream().map(Acl.Resource::id).toList());
    }
  }
}
