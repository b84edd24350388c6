-- The change context is the transaction's own setting stockroom.change_context (Database sets it
-- with set_config(…, true) as the transaction begins), so writers side by side each write theirs.
-- The triggers run once per statement over its transition tables: one set-based INSERT into the
-- ledger per statement. The first statement of a transaction that changes items writes the
-- transaction's change set and keeps its id in the transaction's setting stockroom.change_set.
CREATE FUNCTION change_context() RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('stockroom.change_context', true), ''),
                    '{"actor_type":"system"}')::jsonb
$$;

-- The id of this transaction's change set, written the first time it is asked for.
CREATE FUNCTION change_set() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    id      bigint := NULLIF(current_setting('stockroom.change_set', true), '')::bigint;
    context jsonb;
BEGIN
    IF id IS NULL THEN
        context := change_context();
        INSERT INTO change_set (
            actor_type, actor_id, actor_name, via, bulk_uuid, request_id, changed_at)
        VALUES (
            context ->> 'actor_type', (context ->> 'actor_id')::bigint, context ->> 'actor_name',
            context ->> 'via', context ->> 'bulk_uuid', context ->> 'request_id',
            COALESCE(context ->> 'at',
                     to_char(clock_timestamp() AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        RETURNING change_set_id INTO id;
        PERFORM set_config('stockroom.change_set', id::text, true);
    END IF;
    RETURN id;
END;
$$;

CREATE FUNCTION source_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    context jsonb := change_context();
    set_id  bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    set_id := change_set();
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4, tx)
    SELECT set_id, n.source_key, n.sku_key, n.source_code, n.sku, NULL, NULL,
           n.quantity_e4, n.status, n.quantity_e4,
           COALESCE(c.notify_stock_qty_e4, (context ->> 'notify_default')::bigint),
           pg_current_xact_id()::text::bigint
    FROM new_rows n
    LEFT JOIN source_item_configuration c
           ON c.source_key = n.source_key AND c.sku_key = n.sku_key
    ORDER BY n.source_key, n.sku_key;
    RETURN NULL;
END;
$$;

CREATE FUNCTION source_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    context jsonb := change_context();
    set_id  bigint;
BEGIN
    -- An upsert that met its rows as they were changes nothing, and writes no change set.
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.source_item_id = n.source_item_id
                   WHERE o.quantity_e4 <> n.quantity_e4 OR o.status <> n.status) THEN
        RETURN NULL;
    END IF;
    set_id := change_set();
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4, tx)
    SELECT set_id, n.source_key, n.sku_key, n.source_code, n.sku, o.quantity_e4, o.status,
           n.quantity_e4, n.status, n.quantity_e4 - o.quantity_e4,
           COALESCE(c.notify_stock_qty_e4, (context ->> 'notify_default')::bigint),
           pg_current_xact_id()::text::bigint
    FROM new_rows n
    JOIN old_rows o ON o.source_item_id = n.source_item_id
    LEFT JOIN source_item_configuration c
           ON c.source_key = n.source_key AND c.sku_key = n.sku_key
    WHERE o.quantity_e4 <> n.quantity_e4 OR o.status <> n.status
    ORDER BY n.source_key, n.sku_key;
    RETURN NULL;
END;
$$;

CREATE FUNCTION source_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    set_id  bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
        RETURN NULL;
    END IF;
    set_id := change_set();
    INSERT INTO source_item_change (
        change_set_id, source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4, tx)
    SELECT set_id, o.source_key, o.sku_key, o.source_code, o.sku, o.quantity_e4, o.status,
           NULL, NULL, -o.quantity_e4, NULL, pg_current_xact_id()::text::bigint
    FROM old_rows o
    ORDER BY o.source_key, o.sku_key;
    RETURN NULL;
END;
$$;

CREATE TRIGGER source_items_inserted AFTER INSERT ON source_item
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_items_inserted();

CREATE TRIGGER source_items_updated AFTER UPDATE ON source_item
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_items_updated();

CREATE TRIGGER source_items_deleted AFTER DELETE ON source_item
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION source_items_deleted();
