package dev.stockroom.webapi;

import java.util.List;

/**
 * Magento's answer to an accepted asynchronous request (AsyncResponseInterface): the bulk's uuid,
 * one status per item of the request, and whether any was rejected.
 */
public record AsyncResponse(String bulkUuid, List<ItemStatus> requestItems, boolean errors) {
  /** Magento's definition of the answer, for the asynchronous schema. */
  public static final ApiType.Definition TYPE =
      ApiType.definition(
              "asynchronous-operations-data-async-response-interface",
              "Interface AsyncResponseInterface Temporary data object to give response from webapi"
                  + " async router")
          .required("bulk_uuid", ApiType.STRING, "Bulk Uuid.")
          .required(
              "request_items",
              ApiType.arrayOf(
                  ApiType.definition(
                          "asynchronous-operations-data-item-status-interface",
                          "ItemStatusInterface interface Temporary object with status of requested"
                              + " item. Indicate if entity param was Accepted|Rejected to bulk"
                              + " schedule")
                      .required("id", ApiType.INTEGER, "Entity Id.")
                      .required("data_hash", ApiType.STRING, "md5 hash of entity params array.")
                      .required("status", ApiType.STRING, "accepted|rejected")
                      .optional("error_message", ApiType.STRING, "Error information.")
                      .optional("error_code", ApiType.INTEGER, "Error code.")
                      .build()),
              "The list of request items with status data.")
          .required("errors", ApiType.BOOLEAN, "There errors during processing bulk")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "asynchronous-operations-data-async-response-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\AsynchronousOperations\\Api\\Data\\AsyncResponseInterface")
                  .build(),
              "")
          .build();

  /** ItemStatusInterface: the item's index, the SHA-256 of its serialized data, its status. */
  public record ItemStatus(
      int id, String dataHash, String status, String errorMessage, Integer errorCode) {
    public static ItemStatus accepted(int id, String dataHash) {
      return new ItemStatus(id, dataHash, "accepted", null, null);
    }
  }
}
