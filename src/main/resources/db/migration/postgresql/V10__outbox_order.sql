-- Readers follow the outboxes in (transaction, id) order (see V9).
CREATE INDEX source_item_change_by_tx ON source_item_change (tx, change_id);
CREATE INDEX stock_event_by_tx ON stock_event (tx, event_id);
