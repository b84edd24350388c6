package dev.stockroom.webapi;

import dev.stockroom.acl.Principal;
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
      int key, String topic, String method, String path, String storeCode, String serializedData) {}
}
