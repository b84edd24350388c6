-- Ledger rows carry their transaction's id (see V9), for readers that follow the ledger.
CREATE OR REPLACE FUNCTION source_item_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    context jsonb := COALESCE(NULLIF(current_setting('stockroom.change_context', true), ''),
                              '{"actor_type":"system"}')::jsonb;
    item    source_item;
    notify  bigint;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.quantity_e4 = OLD.quantity_e4 AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        item := OLD;
    ELSE
        item := NEW;
        SELECT notify_stock_qty_e4 INTO notify FROM source_item_configuration
         WHERE source_key = NEW.source_key AND sku_key = NEW.sku_key;
        notify := COALESCE(notify, (context ->> 'notify_default')::bigint);
    END IF;
    INSERT INTO source_item_change (
        source_key, sku_key, source_code, sku, quantity_before_e4, status_before,
        quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4, actor_type, actor_id,
        actor_name, via, bulk_uuid, request_id, changed_at, tx)
    VALUES (
        item.source_key, item.sku_key, item.source_code, item.sku,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.quantity_e4 END,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.quantity_e4 END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END,
        CASE TG_OP WHEN 'INSERT' THEN NEW.quantity_e4
                   WHEN 'DELETE' THEN -OLD.quantity_e4
                   ELSE NEW.quantity_e4 - OLD.quantity_e4 END,
        notify,
        context ->> 'actor_type', (context ->> 'actor_id')::bigint, context ->> 'actor_name',
        context ->> 'via', context ->> 'bulk_uuid', context ->> 'request_id',
        COALESCE(context ->> 'at',
                 to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        pg_current_xact_id()::text::bigint);
    RETURN NULL;
END;
$$;
