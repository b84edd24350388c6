package dev.stockroom.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stockroom.acl.Acl;
import dev.stockroom.db.Database;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.List;

/**
 * Magento's bulk status routes (AsynchronousOperations): a bulk's operations in short or in detail,
 * a count by status, and a search of operations. A status is what the operations say: an operation
 * is open (4) until it has run, so a bulk with an open operation is never reported finished
 * (m2#36911). A failed operation keeps its whole error, message, parameters and {@code errors}, as
 * JSON in {@code result_serialized_data} (Magento keeps the message alone).
 */
public final class BulkStatusRoutes {
  private static final String API = "asynchronousOperationsBulkStatusV1";
  private static final String DESCRIPTION =
      "Interface BulkStatusInterface. Bulk summary data with list of operations items summary"
          + " data.";

  private static final ApiType.Definition SUMMARY_OPERATION =
      ApiType.definition(
              "asynchronous-operations-data-summary-operation-status-interface",
              "Getter Class OperationsStatusInterface Instead of OperationInterface this class"
                  + " don't provide all operation data and not responsive to set any data, just"
                  + " get operation data without serialized_data and result_serialized_data")
          .required("id", ApiType.INTEGER, "Id")
          .required("status", ApiType.INTEGER, "Operation status")
          .requiredNullable("result_message", ApiType.STRING, "Result message")
          .requiredNullable("error_code", ApiType.INTEGER, "Error code")
          .build();

  private static final ApiType.Definition OPERATION =
      ApiType.definition(
              "asynchronous-operations-data-operation-interface", "Class OperationInterface")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "asynchronous-operations-data-operation-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\AsynchronousOperations\\Api\\Data\\OperationInterface")
                  .optional("start_time", ApiType.STRING, "")
                  .build(),
              "")
          .required("id", ApiType.INTEGER, "Id")
          .required("bulk_uuid", ApiType.STRING, "Bulk uuid")
          .required("topic_name", ApiType.STRING, "Queue Topic")
          .requiredNullable("serialized_data", ApiType.STRING, "Data")
          .requiredNullable("result_serialized_data", ApiType.STRING, "Result data")
          .required("status", ApiType.INTEGER, "Operation status")
          .requiredNullable("result_message", ApiType.STRING, "Result message")
          .requiredNullable("error_code", ApiType.INTEGER, "Error code")
          .build();

  private static ApiType.Definition bulkStatus(
      String name, String description, ApiType.Definition operation) {
    return ApiType.definition(name, description)
        .required("operations_list", ApiType.arrayOf(operation), "Operations list.")
        .required("user_type", ApiType.INTEGER, "User type")
        .required("bulk_id", ApiType.STRING, "Bulk uuid")
        .required("description", ApiType.STRING, "Bulk description")
        .required("start_time", ApiType.STRING, "Bulk scheduled time")
        .requiredNullable("user_id", ApiType.INTEGER, "User id")
        .required(
            "operation_count",
            ApiType.INTEGER,
            "Total number of operations scheduled in scope of this bulk")
        .build();
  }

  private static final ApiType.Definition SHORT_STATUS =
      bulkStatus(
          "asynchronous-operations-data-bulk-operations-status-interface",
          "Interface BulkStatusInterface Bulk summary data with list of operations items short"
              + " data.",
          SUMMARY_OPERATION);

  private static final ApiType.Definition DETAILED_STATUS =
      bulkStatus(
          "asynchronous-operations-data-detailed-bulk-operations-status-interface",
          "Interface BulkStatusInterface Bulk summary data with list of operations items full"
              + " data.",
          OPERATION);

  private final BulkStore store;
  private final Search<SearchedOperation> search;

  public BulkStatusRoutes(Database database, BulkStore store) {
    this.store = store;
    this.search =
        new Search<>(
            database,
            "o.operation_key, o.bulk_uuid, o.topic_name, o.serialized_data,"
                + " o.result_serialized_data, o.status, o.result_message, o.error_code,"
                + " b.start_time",
            "bulk_operation o JOIN bulk b ON b.bulk_uuid = o.bulk_uuid",
            List.of(
                SearchField.text("start_time", "b.start_time", false),
                SearchField.number("status", "o.status", 0, false),
                SearchField.text("bulk_uuid", "o.bulk_uuid", false),
                SearchField.text("topic_name", "o.topic_name", false)),
            "o.operation_id",
            row -> {
              int errorCode = row.getInt(8);
              Integer code = row.wasNull() ? null : errorCode;
              return new SearchedOperation(
                  new StartTime(row.getString(9)),
                  row.getInt(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5),
                  row.getInt(6),
                  row.getString(7),
                  code);
            });
  }

  public void register(Router router) {
    router
        .get("/V1/bulk/:bulkUuid/detailed-status", Acl.BULK_OPERATIONS, this::detailed)
        .service(
            new Service(API, DESCRIPTION),
            "getBulkDetailedStatus",
            "Get Bulk summary data with list of operations items full data.")
        .required("bulkUuid", ApiType.STRING)
        .returns(DETAILED_STATUS)
        .throwing(NoSuchEntityException.class);
    router
        .get("/V1/bulk/:bulkUuid/status", Acl.BULK_OPERATIONS, this::summary)
        .service(
            new Service(API, DESCRIPTION),
            "getBulkShortStatus",
            "Get Bulk summary data with list of operations items short data.")
        .required("bulkUuid", ApiType.STRING)
        .returns(SHORT_STATUS)
        .throwing(NoSuchEntityException.class);
    router
        .get("/V1/bulk/:bulkUuid/operation-status/:status", Acl.BULK_OPERATIONS, this::count)
        .service(
            new Service(API, DESCRIPTION),
            "getOperationsCountByBulkIdAndStatus",
            "Get operations count by bulk uuid and status.")
        .required("bulkUuid", ApiType.STRING)
        .required("status", ApiType.INTEGER)
        .returns(ApiType.INTEGER);
    router
        .get("/V1/bulk", Acl.BULK_OPERATIONS, this::search)
        .service(
            new Service(
                "asynchronousOperationsOperationRepositoryV1",
                "Bulk operation item repository interface. An bulk is a group of queue messages. An"
                    + " bulk operation item is a queue message."),
            "getList",
            "Lists the bulk operation items that match specified search criteria.")
        .required("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "asynchronous-operations-data-operation-search-results-interface",
                "Bulk operation search result interface. An bulk is a group of queue messages. An"
                    + " bulk operation item is a queue message.",
                OPERATION));
  }

  /** A bulk's summary, operations in short (GetBulkShortStatus). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Summary(
      List<SummaryOperation> operationsList,
      int userType,
      String bulkId,
      String description,
      String startTime,
      Long userId,
      int operationCount) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SummaryOperation(int id, int status, String resultMessage, Integer errorCode) {}

  /** A bulk's summary, operations in full (getBulkDetailedStatus). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Detailed(
      List<DetailedOperation> operationsList,
      int userType,
      String bulkId,
      String description,
      String startTime,
      Long userId,
      int operationCount) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DetailedOperation(
      int id,
      String bulkUuid,
      String topicName,
      String serializedData,
      String resultSerializedData,
      int status,
      String resultMessage,
      Integer errorCode) {}

  /** An operation as the search lists it, its bulk's start time in its extension attributes. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SearchedOperation(
      StartTime extensionAttributes,
      int id,
      String bulkUuid,
      String topicName,
      String serializedData,
      String resultSerializedData,
      int status,
      String resultMessage,
      Integer errorCode) {}

  record StartTime(String startTime) {}

  private Summary summary(RestRequest request) {
    BulkStore.Bulk bulk = bulk(request);
    return new Summary(
        store.operations(bulk.uuid()).stream()
            .map(operation ->
                new SummaryOperation(
                    operation.key(),
                    operation.status(),
                    operation.resultMessage(),
                    operation.errorCode()))
            .toList(),
        bulk.userType(),
        bulk.uuid(),
        bulk.description(),
        bulk.startTime(),
        userId(bulk),
        bulk.operationCount());
  }

  private Detailed detailed(RestRequest request) {
    BulkStore.Bulk bulk = bulk(request);
    return new Detailed(
        store.operations(bulk.uuid()).stream()
            .map(operation ->
                new DetailedOperation(
                    operation.key(),
                    operation.bulkUuid(),
                    operation.topicName(),
                    operation.serializedData(),
                    operation.resultSerializedData(),
                    operation.status(),
                    operation.resultMessage(),
                    operation.errorCode()))
            .toList(),
        bulk.userType(),
        bulk.uuid(),
        bulk.description(),
        bulk.startTime(),
        userId(bulk),
        bulk.operationCount());
  }

  private static Long userId(BulkStore.Bulk bulk) {
    return bulk.userType() == BulkStore.GUEST ? null : bulk.userId();
  }

  private BulkStore.Bulk bulk(RestRequest request) {
    String uuid = request.stringArgument("bulkUuid");
    return store
        .bulk(uuid)
        .orElseThrow(() ->
            new NoSuchEntityException(
                "Bulk uuid %bulkUuid not exist", Parameters.of("bulkUuid", uuid)));
  }

  private Integer count(RestRequest request) {
    return store.count(request.stringArgument("bulkUuid"), request.integerArgument("status"));
  }

  private SearchResults<SearchedOperation> search(RestRequest request) {
    request.requireArguments("searchCriteria");
    return search.run(SearchCriteria.bind(request.argument("searchCriteria")));
  }
}
