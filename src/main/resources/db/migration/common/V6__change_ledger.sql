-- The change ledger: one row for every change of a source item's quantity or status, written by
-- the database's triggers (V7, per database) in the transaction of the change, whatever made it.
-- Before and after are NULL where the item did not exist or no longer exists; the delta is after
-- minus before (absent counting as 0). notify_stock_qty_e4 is the notify quantity the item had
-- then (its own or the default), for low-stock events. tx is the writing transaction's id on
-- PostgreSQL (0 on SQLite, whose writers run one at a time), for readers that follow the ledger as
-- an outbox (see V9).
--
-- Who made the change and how (the actor, the way in, the bulk, the request and the time) is the
-- same for every row a transaction writes: it is written once, as the transaction's change set,
-- and each row names its set. A ledger row is then little more than the item and its two states.
-- changed_at is ISO 8601 in UTC with milliseconds (2026-12-06T13:45:01.123Z), which sorts as text.
CREATE TABLE change_set (
    change_set_id ${identity},
    actor_type    ${text} NOT NULL,
    actor_id      BIGINT,
    actor_name    ${text},
    via           ${text},
    bulk_uuid     ${text},
    request_id    ${text},
    changed_at    ${text} NOT NULL
);

CREATE TABLE source_item_change (
    change_id           ${identity},
    change_set_id       BIGINT NOT NULL,
    source_key          ${text} NOT NULL,
    sku_key             ${text} NOT NULL,
    source_code         ${text} NOT NULL,
    sku                 ${text} NOT NULL,
    quantity_before_e4  BIGINT,
    status_before       SMALLINT,
    quantity_after_e4   BIGINT,
    status_after        SMALLINT,
    delta_e4            BIGINT NOT NULL,
    notify_stock_qty_e4 BIGINT,
    tx                  BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX source_item_change_by_sku ON source_item_change (sku_key, change_id);
