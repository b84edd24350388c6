-- The first answer to a request sent with an Idempotency-Key, per principal ("admin:1",
-- "integration:3", "guest"), so that a repeat replays it. state is running (the first request is
-- being made), applied (its effect committed, its answer not yet stored) or done (status, content
-- type and body stored). request_hash is SHA-256 over the method, path, query and body: a repeat
-- with another request is refused. Times are milliseconds since the epoch.
CREATE TABLE idempotency_key (
    owner           ${text} NOT NULL,
    idempotency_key ${text} NOT NULL,
    request_hash    ${text} NOT NULL,
    state           ${text} NOT NULL,
    status          INTEGER,
    content_type    ${text},
    body            ${text},
    started_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    PRIMARY KEY (owner, idempotency_key)
);

CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);
