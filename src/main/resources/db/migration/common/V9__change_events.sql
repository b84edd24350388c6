-- Change events. The ledger (source_item_change) is the outbox of source_item.changed and
-- stock.low; stock_event is the outbox of the other events (reservation.appended, bulk.finished).
-- Both are written in the transaction of the change. tx is the writing transaction's id on
-- PostgreSQL (0 on SQLite, whose writers run one at a time): readers take rows in (tx, id) order,
-- and only of transactions older than every one still running, so that a row committed late can
-- never fall behind a subscriber's cursor. (On PostgreSQL, V10 indexes both tables by (tx, id); on
-- SQLite the id's own order is that order.)

CREATE TABLE stock_event (
    event_id    ${identity},
    tx          BIGINT NOT NULL DEFAULT 0,
    event_type  ${text} NOT NULL,
    event_key   ${text} NOT NULL,
    payload     ${text} NOT NULL,
    occurred_at ${text} NOT NULL
);

-- Who receives the events: webhooks, and the Kafka topic where one is configured. Each has its own
-- cursor in each outbox, its retry state, and a lease held by the instance delivering to it.
CREATE TABLE event_subscriber (
    subscriber_id   ${identity},
    kind            ${text} NOT NULL,
    url             ${text} NOT NULL,
    secret          ${text},
    event_types     ${text} NOT NULL,
    description     ${text},
    created_at      ${text} NOT NULL,
    change_tx       BIGINT NOT NULL,
    change_id       BIGINT NOT NULL,
    event_tx        BIGINT NOT NULL,
    event_id        BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    last_error      ${text},
    delivered       BIGINT NOT NULL DEFAULT 0,
    lease_owner     ${text},
    lease_until     BIGINT NOT NULL DEFAULT 0
);

-- Events a subscriber did not take after every attempt, parked as the delivery that failed; a
-- replay marks one to be sent again.
CREATE TABLE event_dead_letter (
    dead_letter_id ${identity},
    subscriber_id  BIGINT NOT NULL REFERENCES event_subscriber (subscriber_id) ON DELETE CASCADE,
    body           ${text} NOT NULL,
    event_count    INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,
    error          ${text},
    parked_at      ${text} NOT NULL,
    replay         SMALLINT NOT NULL DEFAULT 0
);

CREATE INDEX event_dead_letter_by_subscriber ON event_dead_letter (subscriber_id, dead_letter_id);

-- One subscriber per Kafka topic, however many instances start with it configured at once.
CREATE UNIQUE INDEX event_subscriber_one_per_topic ON event_subscriber (url) WHERE kind = 'kafka';
