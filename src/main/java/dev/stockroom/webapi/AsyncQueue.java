package dev.stockroom.webapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Principal;
import dev.stockroom.binding.PhpJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where accepted asynchronous calls go. An implementation writes them durably, in one transaction,
 * before the acceptance is answered; workers make the calls later as {@code principal}.
 */
public interface AsyncQueue {
  /**
   * Writes one bulk and its operations; returns the bulk's uuid. {@code principal} is null for an
   * anonymous route.
   */
  String enqueue(Principal principal, String description, List<Operation> operations);

  /**
   * One call to make: the synchronous route's method and path (its parameters filled in), the store
   * code of the URL, and Magento's serialized data, whose meta_information holds the arguments.
   */
  record Operation(
      int key, String topic, String method, String path, String storeCode, String serializedData) {
    /** Magento's data_hash: the SHA-256 of the serialized data. */
    public String dataHash() {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(serializedData.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /**
   * An operation with Magento's serialized data: the arguments as PHP writes them
   * (meta_information) and the store's id ({@code "0"} for {@code all}, else {@code "1"}).
   */
  /** An operation that calls {@code route} at {@code path} with {@code arguments}. */
  public static Operation operation(int key, Route route, String path, ObjectNode arguments) {
    return operation(
        key,
        route.service().topic(route.operation(), route.method()),
        route.method(),
        path,
        null,
        arguments);
  }

  static Operation operation(
      int key, String topic, String method, String path, String storeCode, ObjectNode arguments) {
    String serialized =
        "{\"entity_id\":null,\"entity_link\":\"\",\"meta_information\":"
            + PhpJson.string(PhpJson.encode(arguments))
            + ",\"store_id\":\""
            + ("all".equals(storeCode) ? 0 : 1)
            + "\"}";
    return new Operation(key, topic, method, path, storeCode, serialized);
  }
}
