#!/usr/bin/env python3
"""What a change ledger costs SQLite itself, without Stockroom or HTTP: the physical bound.

Updates 100,000 source items in place in one statement (WAL, synchronous=FULL, as Stockroom runs
SQLite), five times, and prints the median cost per row with:
  none     no trigger;
  minimal  a row trigger appending the least a ledger could hold (item id, quantity before/after),
           no index;
  ledger   Stockroom's ledger row (keys and names, before/after, delta, notify quantity, the id of
           the transaction's change set) with its per-SKU index, as
           sqlite/V7__change_ledger_triggers.sql writes it (the change set itself is one row per
           transaction, not measured here).
Run: python3 bench/sqlite-ledger-bound.py
"""
import os
import sqlite3
import tempfile
import time

ITEMS = 100_000


def run(variant):
    path = os.path.join(tempfile.mkdtemp(prefix="ledger-bound-"), "t.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("""CREATE TABLE source_item (source_item_id INTEGER PRIMARY KEY,
        source_key TEXT NOT NULL, source_code TEXT NOT NULL, sku TEXT NOT NULL,
        sku_key TEXT NOT NULL, quantity_e4 BIGINT NOT NULL, status SMALLINT NOT NULL,
        UNIQUE (source_key, sku_key))""")
    db.execute("""CREATE TABLE source_item_configuration (source_key TEXT, sku_key TEXT,
        notify_stock_qty_e4 BIGINT, PRIMARY KEY (source_key, sku_key))""")
    db.execute("""CREATE TABLE change_set (change_set_id INTEGER PRIMARY KEY, actor_type TEXT,
        actor_id BIGINT, actor_name TEXT, via TEXT, bulk_uuid TEXT, request_id TEXT,
        changed_at TEXT)""")
    db.execute("""CREATE TABLE change_context (id INTEGER PRIMARY KEY, change_set_id INTEGER,
        actor_type TEXT, actor_id INTEGER, actor_name TEXT, via TEXT, bulk_uuid TEXT,
        request_id TEXT, changed_at TEXT, notify_default INTEGER)""")
    db.execute("""INSERT INTO change_context VALUES (1, 1, 'admin', 1, 'admin',
        'POST /V1/inventory/source-items', NULL, '6f1c2d3e-1234-4abc-9def-0123456789ab',
        '2026-12-06T14:05:12.345Z', 10000)""")
    db.execute("""CREATE TABLE source_item_change (change_id INTEGER PRIMARY KEY,
        change_set_id BIGINT NOT NULL, source_key TEXT NOT NULL, sku_key TEXT NOT NULL,
        source_code TEXT NOT NULL, sku TEXT NOT NULL, quantity_before_e4 BIGINT,
        status_before SMALLINT, quantity_after_e4 BIGINT, status_after SMALLINT,
        delta_e4 BIGINT NOT NULL, notify_stock_qty_e4 BIGINT, tx BIGINT NOT NULL DEFAULT 0)""")
    if variant == "minimal":
        db.execute("CREATE TABLE minimal (id INTEGER PRIMARY KEY, item BIGINT, q_before BIGINT,"
                   " q_after BIGINT)")
        db.execute("""CREATE TRIGGER u AFTER UPDATE ON source_item
            WHEN OLD.quantity_e4 <> NEW.quantity_e4 OR OLD.status <> NEW.status BEGIN
            INSERT INTO minimal (item, q_before, q_after)
            VALUES (NEW.source_item_id, OLD.quantity_e4, NEW.quantity_e4); END""")
    if variant == "ledger":
        db.execute("CREATE INDEX source_item_change_by_sku ON source_item_change (sku_key, change_id)")
        db.execute("""CREATE TRIGGER u AFTER UPDATE ON source_item
            WHEN OLD.quantity_e4 <> NEW.quantity_e4 OR OLD.status <> NEW.status BEGIN
            INSERT INTO source_item_change (change_set_id, source_key, sku_key, source_code, sku,
                quantity_before_e4, status_before, quantity_after_e4, status_after, delta_e4,
                notify_stock_qty_e4)
            SELECT change_set_id, NEW.source_key, NEW.sku_key, NEW.source_code, NEW.sku,
                OLD.quantity_e4, OLD.status, NEW.quantity_e4, NEW.status,
                NEW.quantity_e4 - OLD.quantity_e4,
                COALESCE((SELECT notify_stock_qty_e4 FROM source_item_configuration
                          WHERE source_key = NEW.source_key AND sku_key = NEW.sku_key),
                         notify_default)
            FROM change_context WHERE id = 1; END""")
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [("default", "default", "SKU-%06d" % i, "sku-%06d" % i, 10000, 1) for i in range(ITEMS)])
    db.execute("COMMIT")
    times = []
    for round_ in range(5):
        db.execute("UPDATE change_context SET change_set_id = ? WHERE id = 1", (round_ + 2,))
        started = time.perf_counter()
        db.execute("BEGIN")
        db.execute("UPDATE source_item SET quantity_e4 = quantity_e4 + 1")
        db.execute("COMMIT")
        times.append(time.perf_counter() - started)
    return sorted(times)[2] / ITEMS * 1e6


if __name__ == "__main__":
    base = run("none")
    print("| trigger | µs per updated row | extra | ratio if the rest of a save costs 2.4 µs/row |")
    print("|---|---|---|---|")
    for variant in ("none", "minimal", "ledger"):
        cost = base if variant == "none" else run(variant)
        extra = cost - base
        print("| %s | %.2f | +%.2f | %.2f |" % (variant, cost, extra, 2.4 / (2.4 + extra)))
