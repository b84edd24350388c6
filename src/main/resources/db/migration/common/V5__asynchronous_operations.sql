-- Asynchronous requests (Magento's magento_bulk and magento_operation): a bulk is one accepted
-- request to /async/…; its operations are the calls it stands for, run by the workers. The
-- principal that posted it is kept (kind, id, name and the ACL resources it held then), so that
-- its operations run as it would have. start_time is Magento's 'Y-m-d H:i:s' in UTC (it sorts as
-- text); other times are milliseconds since the epoch.
CREATE TABLE bulk (
    bulk_id         ${identity},
    bulk_uuid       ${text} NOT NULL UNIQUE,
    user_type       SMALLINT NOT NULL,
    user_id         BIGINT NOT NULL,
    user_name       ${text} NOT NULL,
    user_resources  ${text} NOT NULL,
    description     ${text} NOT NULL,
    start_time      ${text} NOT NULL,
    operation_count INTEGER NOT NULL
);

-- One operation: the call to make (method, path and store of the synchronous route; its body is
-- the meta_information of serialized_data, Magento's form, whose SHA-256 is the data_hash), its
-- status (1 complete, 2 retriably failed, 3 failed, 4 open, 5 rejected) and its outcome. An open
-- operation runs once run_after has passed and no worker holds it (lease_until passed).
CREATE TABLE bulk_operation (
    operation_id           ${identity},
    bulk_uuid              ${text} NOT NULL REFERENCES bulk (bulk_uuid) ON DELETE CASCADE,
    operation_key          INTEGER NOT NULL,
    topic_name             ${text} NOT NULL,
    method                 ${text} NOT NULL,
    path                   ${text} NOT NULL,
    store_code             ${text},
    serialized_data        ${text},
    status                 SMALLINT NOT NULL,
    result_serialized_data ${text},
    result_message         ${text},
    error_code             INTEGER,
    attempts               INTEGER NOT NULL,
    run_after              BIGINT NOT NULL,
    lease_until            BIGINT NOT NULL,
    finished_at            BIGINT,
    UNIQUE (bulk_uuid, operation_key)
);

CREATE INDEX bulk_operation_to_run ON bulk_operation (status, run_after, operation_id);
CREATE INDEX bulk_operation_by_bulk ON bulk_operation (bulk_uuid, status, operation_key);
