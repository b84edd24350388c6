-- Stocks, the sources linked to them, the sales channels (websites) they sell through, the
-- reservations orders place, and per-SKU out-of-stock thresholds. Same conventions as V1.

-- Stock names are unique, compared trimmed and case-insensitively (name_key), as source names.
CREATE TABLE stock (
    stock_id ${identity},
    name     ${text} NOT NULL,
    name_key ${text} NOT NULL UNIQUE
);

-- Stock 1, the default stock, exists from the first start (inserted without an explicit id, so
-- that PostgreSQL's identity sequence hands out 2 next).
INSERT INTO stock (name, name_key) VALUES ('Default Stock', 'default stock');

-- Sources linked to a stock; a lower priority number is served first.
CREATE TABLE stock_source_link (
    link_id    ${identity},
    stock_id   BIGINT NOT NULL REFERENCES stock (stock_id),
    source_key ${text} NOT NULL REFERENCES source (source_key),
    priority   BIGINT NOT NULL,
    UNIQUE (stock_id, source_key)
);

CREATE INDEX stock_source_link_by_source ON stock_source_link (source_key, stock_id);

INSERT INTO stock_source_link (stock_id, source_key, priority)
SELECT stock_id, 'default', 1 FROM stock;

-- The websites Stockroom knows (it has no catalog of its own); managed from the command line.
CREATE TABLE website (
    code ${text} NOT NULL PRIMARY KEY
);

INSERT INTO website (code) VALUES ('base');

-- Which stock each sales channel sells from: the key makes it one stock per channel. Every
-- known website has a row; a channel taken off a stock goes back to the default stock.
CREATE TABLE stock_sales_channel (
    type     ${text} NOT NULL,
    code     ${text} NOT NULL,
    stock_id BIGINT NOT NULL REFERENCES stock (stock_id),
    PRIMARY KEY (type, code)
);

INSERT INTO stock_sales_channel (type, code, stock_id)
SELECT 'website', 'base', stock_id FROM stock;

-- The append-only ledger: signed quantity deltas per (stock, sku). An order placed writes a
-- negative delta; cancelling, shipping or refunding it writes positive compensations, so an
-- order's reservations sum to zero once it is complete. metadata is the JSON Magento stores;
-- its object type and id are copied into columns so that zero-sum groups can be found.
CREATE TABLE reservation (
    reservation_id ${identity},
    stock_id       BIGINT NOT NULL,
    sku            ${text} NOT NULL,
    sku_key        ${text} NOT NULL,
    quantity_e4    BIGINT NOT NULL,
    metadata       ${text},
    event_type     ${text},
    object_type    ${text},
    object_id      ${text}
);

-- Covers the sum of a SKU's reservations in a stock, as Magento's (stock_id, sku, quantity) index.
CREATE INDEX reservation_by_stock_sku ON reservation (stock_id, sku_key, quantity_e4);
CREATE INDEX reservation_by_object ON reservation (object_type, object_id);

-- One row per (stock, sku) that was ever reserved: a reservation check locks it first, so that
-- two orders for the same SKU check and append one after the other.
CREATE TABLE reservation_lock (
    stock_id BIGINT NOT NULL,
    sku_key  ${text} NOT NULL,
    PRIMARY KEY (stock_id, sku_key)
);

-- The out-of-stock threshold of a SKU where it differs from the configured default
-- (Magento's min_qty of a stock item).
CREATE TABLE sku_threshold (
    sku_key          ${text} NOT NULL PRIMARY KEY,
    sku              ${text} NOT NULL,
    min_quantity_e4  BIGINT NOT NULL
);

-- Orders whose reservations were placed through the atomic reserve call: the key makes a
-- repeated call for one order wait for the first and then find it.
CREATE TABLE placed_order (
    order_id ${text} NOT NULL PRIMARY KEY
);
