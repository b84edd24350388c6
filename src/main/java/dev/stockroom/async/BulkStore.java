package dev.stockroom.async;

import dev.stockroom.acl.Principal;
import dev.stockroom.binding.PhpJson;
import dev.stockroom.db.Database;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.events.EventOutbox;
import dev.stockroom.webapi.AsyncQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Bulks and their operations (Magento's magento_bulk and magento_operation). Accepted operations
 * are written in the transaction that accepts them; workers claim them, one bulk's in order, and
 * each is marked done in the transaction of its effect ({@link #complete}), so that it takes effect
 * once however often it is started.
 */
public final class BulkStore implements AsyncQueue {
  /** Magento's operation statuses. */
  public static final int COMPLETE = 1;

  public static final int RETRIABLY_FAILED = 2;
  public static final int FAILED = 3;
  public static final int OPEN = 4;
  public static final int REJECTED = 5;

  /** Magento's user types (UserContextInterface). */
  static final int INTEGRATION = 1;

  static final int ADMIN = 2;
  static final int GUEST = 4;

  private final Database database;
  private final Clock clock;
  private volatile Runnable onEnqueue = () -> {};

  public BulkStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** What to do after operations are queued: wake the workers. */
  void onEnqueue(Runnable wake) {
    this.onEnqueue = wake;
  }

  @Override
  public String enqueue(Principal principal, String description, List<Operation> operations) {
    String uuid = UUID.randomUUID().toString();
    long now = clock.millis();
    database.inTransaction(unit -> {
      try (PreparedStatement bulk =
          unit.connection()
              .prepareStatement(
                  "INSERT INTO bulk (bulk_uuid, user_type, user_id, user_name, user_resources,"
                      + " description, start_time, operation_count) VALUES (?, ?, ?, ?, ?, ?, ?,"
                      + " ?)")) {
        bulk.setString(1, uuid);
        bulk.setInt(2, userType(principal));
        bulk.setLong(3, principal == null ? 0 : principal.id());
        bulk.setString(4, principal == null ? "" : principal.name());
        bulk.setString(5, principal == null ? "" : String.join(",", principal.resources()));
        bulk.setString(6, description);
        bulk.setString(7, startTime(now));
        bulk.setInt(8, operations.size());
        bulk.executeUpdate();
      }
      int chunk = unit.dialect().rowsPerStatement();
      for (int start = 0; start < operations.size(); start += chunk) {
        List<Operation> part =
            operations.subList(start, Math.min(operations.size(), start + chunk));
        try (PreparedStatement insert =
            unit.connection()
                .prepareStatement(
                    "INSERT INTO bulk_operation (bulk_uuid, operation_key, topic_name, method,"
                        + " path, store_code, serialized_data, status, attempts, run_after,"
                        + " lease_until) VALUES "
                        + Placeholders.rows(part.size(), 11))) {
          int index = 1;
          for (Operation operation : part) {
            insert.setString(index++, uuid);
            insert.setInt(index++, operation.key());
            insert.setString(index++, operation.topic());
            insert.setString(index++, operation.method());
            insert.setString(index++, operation.path());
            insert.setString(index++, operation.storeCode());
            insert.setString(index++, operation.serializedData());
            insert.setInt(index++, OPEN);
            insert.setInt(index++, 0);
            insert.setLong(index++, now);
            insert.setLong(index++, 0);
          }
          insert.executeUpdate();
        }
      }
      return null;
    });
    onEnqueue.run();
    return uuid;
  }

  private static final DateTimeFormatter START_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Magento's start_time: MySQL's 'Y-m-d H:i:s', in UTC. */
  static String startTime(long millis) {
    return START_TIME.format(Instant.ofEpochMilli(millis));
  }

  private static int userType(Principal principal) {
    if (principal == null) {
      return GUEST;
    }
    return principal.kind() == Principal.Kind.INTEGRATION ? INTEGRATION : ADMIN;
  }

  /** An operation a worker holds: what to call, and as whom. */
  record Claimed(
      long operationId,
      String bulkUuid,
      int key,
      String topic,
      String method,
      String path,
      String storeCode,
      String serializedData,
      int attempts,
      Principal principal) {}

  /**
   * Up to {@code limit} operations of one bulk, the first open ones in order, if that bulk's first
   * open operation is due and held by no worker; leased to the caller until now + {@code lease}.
   * One bulk's operations therefore run one after another, in order, on one worker at a time;
   * different bulks run side by side. On PostgreSQL the bulk's row is locked while it is claimed,
   * and bulks other instances are claiming are passed over.
   */
  List<Claimed> claim(int limit, Duration lease) {
    long now = clock.millis();
    return database.inTransaction(unit -> {
      Connection connection = unit.connection();
      for (String uuid : candidates(connection, now)) {
        try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT bulk_uuid FROM bulk WHERE bulk_uuid = ?"
                    + unit.dialect().forUpdateSkipLocked("bulk"))) {
          lock.setString(1, uuid);
          try (ResultSet locked = lock.executeQuery()) {
            if (!locked.next()) {
              continue;
            }
          }
        }
        List<Claimed> claimed = firstOpen(connection, uuid, limit, now);
        if (claimed.isEmpty()) {
          continue;
        }
        try (PreparedStatement leased =
            connection.prepareStatement(
                "UPDATE bulk_operation SET lease_until = ? WHERE operation_id IN ("
                    + Placeholders.list(claimed.size())
                    + ")")) {
          leased.setLong(1, now + lease.toMillis());
          int index = 2;
          for (Claimed each : claimed) {
            leased.setLong(index++, each.operationId());
          }
          leased.executeUpdate();
        }
        return claimed;
      }
      return List.of();
    });
  }

  /** Bulks whose first open operation is due and free, oldest first. */
  private static List<String> candidates(Connection connection, long now) throws SQLException {
    var uuids = new LinkedHashSet<String>();
    try (PreparedStatement select =
        connection.prepareStatement(
            """
            SELECT o.bulk_uuid FROM bulk_operation o
            WHERE o.status = 4 AND o.run_after <= ? AND o.lease_until <= ?
              AND o.operation_key = (SELECT MIN(e.operation_key) FROM bulk_operation e
                                     WHERE e.bulk_uuid = o.bulk_uuid AND e.status = 4)
            ORDER BY o.operation_id LIMIT 8
            """)) {
      select.setLong(1, now);
      select.setLong(2, now);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          uuids.add(rows.getString(1));
        }
      }
    }
    return new ArrayList<>(uuids);
  }

  /**
   * The bulk's first open operations in order, up to {@code limit}, while they are due and free;
   * none if the first is not (another worker got there first).
   */
  private static List<Claimed> firstOpen(Connection connection, String uuid, int limit, long now)
      throws SQLException {
    var claimed = new ArrayList<Claimed>();
    try (PreparedStatement select =
        connection.prepareStatement(
            """
            SELECT o.operation_id, o.operation_key, o.method, o.path, o.store_code,
                   o.serialized_data, o.attempts, o.run_after, o.lease_until,
                   b.user_type, b.user_id, b.user_name, b.user_resources, o.topic_name
            FROM bulk_operation o JOIN bulk b ON b.bulk_uuid = o.bulk_uuid
            WHERE o.bulk_uuid = ? AND o.status = 4
            ORDER BY o.operation_key LIMIT ?
            """)) {
      select.setString(1, uuid);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getLong(8) > now || rows.getLong(9) > now) {
            break;
          }
          claimed.add(
              new Claimed(
                  rows.getLong(1),
                  uuid,
                  rows.getInt(2),
                  rows.getString(14),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getInt(7),
                  principal(
                      rows.getInt(10), rows.getLong(11), rows.getString(12), rows.getString(13))));
        }
      }
    }
    return claimed;
  }

  private static Principal principal(int userType, long id, String name, String resources) {
    if (userType == GUEST) {
      return null;
    }
    Set<String> held =
        resources.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(resources.split(",")));
    return new Principal(
        userType == INTEGRATION ? Principal.Kind.INTEGRATION : Principal.Kind.ADMIN,
        id,
        name,
        held);
  }

  /**
   * Marks an open operation complete in {@code unit}, the transaction of its effect; false if it is
   * no longer open (another worker completed it), and the effect must then be rolled back.
   */
  boolean complete(UnitOfWork unit, long operationId, String resultMessage) throws SQLException {
    try (PreparedStatement update =
        unit.connection()
            .prepareStatement(
                "UPDATE bulk_operation SET status = 1, serialized_data = NULL, result_message = ?,"
                    + " lease_until = 0, finished_at = ? WHERE operation_id = ? AND status = 4")) {
      update.setString(1, resultMessage);
      update.setLong(2, clock.millis());
      update.setLong(3, operationId);
      if (update.executeUpdate() != 1) {
        return false;
      }
    }
    announceIfFinished(unit, operationId);
    return true;
  }

  /**
   * Appends a {@code bulk.finished} event in {@code unit} when the operation's bulk has no open
   * operation left: its uuid, description, and how many operations ended in each status.
   */
  private static void announceIfFinished(UnitOfWork unit, long operationId) throws SQLException {
    try (PreparedStatement select =
        unit.connection()
            .prepareStatement(
                "SELECT b.bulk_uuid, b.description, b.operation_count,"
                    + " SUM(CASE WHEN o.status = 1 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN o.status = 2 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN o.status = 3 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN o.status = 4 THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN o.status = 5 THEN 1 ELSE 0 END)"
                    + " FROM bulk b JOIN bulk_operation o ON o.bulk_uuid = b.bulk_uuid"
                    + " WHERE b.bulk_uuid = (SELECT bulk_uuid FROM bulk_operation"
                    + " WHERE operation_id = ?)"
                    + " GROUP BY b.bulk_uuid, b.description, b.operation_count")) {
      select.setLong(1, operationId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next() || rows.getLong(7) > 0) {
          return;
        }
        String uuid = rows.getString(1);
        String data =
            "{\"bulk_uuid\":\"%s\",\"description\":%s,\"operation_count\":%d,\"complete\":%d,"
                    .formatted(
                        uuid, PhpJson.string(rows.getString(2)), rows.getInt(3), rows.getLong(4))
                + "\"retriably_failed\":%d,\"failed\":%d,\"rejected\":%d}"
                    .formatted(rows.getLong(5), rows.getLong(6), rows.getLong(8));
        EventOutbox.append(unit, EventOutbox.BULK_FINISHED, uuid, data);
      }
    }
  }

  /** Records a completed operation's result (after the commit that completed it). */
  void recordResult(long operationId, String resultSerializedData) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE bulk_operation SET result_serialized_data = ? WHERE operation_id = ?")) {
        update.setString(1, resultSerializedData);
        update.setLong(2, operationId);
        update.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Ends an open operation with {@code status} (complete without an effect of its own, or failed),
   * its message, error code and serialized result; false if it was no longer open.
   */
  boolean finish(
      long operationId,
      int status,
      String resultMessage,
      Integer errorCode,
      String resultSerializedData) {
    return database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE bulk_operation SET status = ?, result_message = ?, error_code = ?,"
                      + " result_serialized_data = ?, lease_until = 0, finished_at = ?,"
                      + " serialized_data = CASE WHEN ? = 1 THEN NULL ELSE serialized_data END"
                      + " WHERE operation_id = ? AND status = 4")) {
        update.setInt(1, status);
        update.setString(2, resultMessage);
        if (errorCode == null) {
          update.setNull(3, Types.INTEGER);
        } else {
          update.setInt(3, errorCode);
        }
        update.setString(4, resultSerializedData);
        update.setLong(5, clock.millis());
        update.setInt(6, status);
        update.setLong(7, operationId);
        if (update.executeUpdate() != 1) {
          return false;
        }
      }
      announceIfFinished(unit, operationId);
      return true;
    });
  }

  /** Leaves an operation open, to run again after {@code delay}, one attempt more. */
  void retryLater(long operationId, Duration delay, String resultMessage) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE bulk_operation SET attempts = attempts + 1, run_after = ?,"
                      + " lease_until = 0, result_message = ? WHERE operation_id = ? AND status ="
                      + " 4")) {
        update.setLong(1, clock.millis() + delay.toMillis());
        update.setString(2, resultMessage);
        update.setLong(3, operationId);
        update.executeUpdate();
      }
      return null;
    });
  }

  /** Gives back operations claimed but not run, to run as soon as a worker is free. */
  void release(List<Long> operationIds) {
    if (operationIds.isEmpty()) {
      return;
    }
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE bulk_operation SET lease_until = 0 WHERE status = 4 AND operation_id IN ("
                      + Placeholders.list(operationIds.size())
                      + ")")) {
        int index = 1;
        for (long id : operationIds) {
          update.setLong(index++, id);
        }
        update.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Frees every lease: at the start of the only instance there can be (SQLite), whatever a worker
   * held when the process ended is open again.
   */
  void releaseAll() {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE bulk_operation SET lease_until = 0 WHERE status = 4 AND lease_until >"
                      + " 0")) {
        update.executeUpdate();
      }
      return null;
    });
  }

  /** Deletes the bulks whose operations all finished before {@code before}; returns how many. */
  public int deleteFinishedBefore(long before) {
    return database.inTransaction(unit -> {
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  """
                  DELETE FROM bulk WHERE NOT EXISTS (
                      SELECT 1 FROM bulk_operation o WHERE o.bulk_uuid = bulk.bulk_uuid
                      AND (o.status = 4 OR o.finished_at >= ?))
                    AND start_time < ?
                  """)) {
        delete.setLong(1, before);
        delete.setString(2, startTime(before));
        return delete.executeUpdate();
      }
    });
  }

  /** A bulk as its status routes show it. */
  record Bulk(
      String uuid,
      int userType,
      long userId,
      String description,
      String startTime,
      int operationCount) {}

  /** One operation as the detailed status shows it. */
  record OperationRow(
      int key,
      String bulkUuid,
      String topicName,
      String serializedData,
      String resultSerializedData,
      int status,
      String resultMessage,
      Integer errorCode) {}

  Optional<Bulk> bulk(String uuid) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT bulk_uuid, user_type, user_id, description, start_time, operation_count"
                  + " FROM bulk WHERE bulk_uuid = ?")) {
        select.setString(1, uuid);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          return Optional.of(
              new Bulk(
                  rows.getString(1),
                  rows.getInt(2),
                  rows.getLong(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getInt(6)));
        }
      }
    });
  }

  List<OperationRow> operations(String uuid) {
    return database.read(connection -> {
      var operations = new ArrayList<OperationRow>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT operation_key, bulk_uuid, topic_name, serialized_data,"
                  + " result_serialized_data, status, result_message, error_code"
                  + " FROM bulk_operation WHERE bulk_uuid = ? ORDER BY operation_key")) {
        select.setString(1, uuid);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            int errorCode = rows.getInt(8);
            Integer code = rows.wasNull() ? null : errorCode;
            operations.add(
                new OperationRow(
                    rows.getInt(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getInt(6),
                    rows.getString(7),
                    code));
          }
        }
      }
      return operations;
    });
  }

  /** How many of a bulk's operations have {@code status}; 0 for an unknown bulk, as Magento. */
  int count(String uuid, long status) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT COUNT(*) FROM bulk_operation WHERE bulk_uuid = ? AND status = ?")) {
        select.setString(1, uuid);
        select.setLong(2, status);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    });
  }

  /**
   * When the bulk of the oldest open operation was accepted, in epoch milliseconds; 0 when none is
   * open.
   */
  public long oldestOpenSince() {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT MIN(bulk.start_time) FROM bulk_operation"
                  + " JOIN bulk ON bulk.bulk_uuid = bulk_operation.bulk_uuid"
                  + " WHERE bulk_operation.status = 4")) {
        try (ResultSet rows = select.executeQuery()) {
          String oldest = rows.next() ? rows.getString(1) : null;
          return oldest == null ? 0 : Instant.from(START_TIME.parse(oldest)).toEpochMilli();
        }
      }
    });
  }

  /** Whether any operation is open: for tests and for the workers' idle check. */
  public int openOperations() {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement("SELECT COUNT(*) FROM bulk_operation WHERE status = 4")) {
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    });
  }
}
