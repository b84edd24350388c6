-- SQLite's writers run one at a time, so one row holds the change context of the transaction
-- writing now, which Database sets as the transaction begins: who and how, the id its change set
-- will have, and the default notify quantity. Each ledger row names that id; the change set itself
-- is written once, before the commit, if the transaction wrote ledger rows (SqliteDialect).
CREATE TABLE change_context (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    change_set_id  INTEGER NOT NULL,
    actor_type     TEXT NOT NULL,
    actor_id       INTEGER,
    actor_name     TEXT,
    via            TEXT,
    bulk_uuid      TEXT,
    request_id     TEXT,
    changed_at     TEXT NOT NULL,
    notify_default INTEGER
);

INSERT INTO change_context (id, change_set_id, actor_type, changed_at)
VALUES (1, 1, 'system', '1970-01-01T00:00:00.000Z');

CREATE TRIGGER source_item_inserted AFTER INSERT ON source_item
BEGIN
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4)
    SELECT change_set_id, NEW.source_key, NEW.sku_key, NEW.source_code, NEW.sku, NULL, NULL,
           NEW.quantity_e4, NEW.status, NEW.quantity_e4,
           COALESCE((SELECT notify_stock_qty_e4 FROM source_item_configuration
                     WHERE source_key = NEW.source_key AND sku_key = NEW.sku_key),
                    notify_default)
    FROM change_context WHERE id = 1;
END;

CREATE TRIGGER source_item_updated AFTER UPDATE ON source_item
WHEN OLD.quantity_e4 <> NEW.quantity_e4 OR OLD.status <> NEW.status
BEGIN
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4)
    SELECT change_set_id, NEW.source_key, NEW.sku_key, NEW.source_code, NEW.sku, OLD.quantity_e4,
           OLD.status, NEW.quantity_e4, NEW.status, NEW.quantity_e4 - OLD.quantity_e4,
           COALESCE((SELECT notify_stock_qty_e4 FROM source_item_configuration
                     WHERE source_key = NEW.source_key AND sku_key = NEW.sku_key),
                    notify_default)
    FROM change_context WHERE id = 1;
END;

CREATE TRIGGER source_item_deleted AFTER DELETE ON source_item
BEGIN
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4)
    SELECT change_set_id, OLD.source_key, OLD.sku_key, OLD.source_code, OLD.sku, OLD.quantity_e4,
           OLD.status, NULL, NULL, -OLD.quantity_e4, NULL
    FROM change_context WHERE id = 1;
END;
