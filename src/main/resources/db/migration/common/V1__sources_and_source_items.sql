-- Portable schema: SQLite and PostgreSQL run this file as it is, with two placeholders from the
-- dialect: ${identity} (an auto-numbered primary key) and ${text} (text that compares and sorts
-- byte by byte: TEXT on SQLite, TEXT COLLATE "C" on PostgreSQL, whose btree indexes then also
-- serve LIKE 'prefix%').
-- Every case-insensitive key (codes, sku, usernames, source names) is stored as written and,
-- beside it, folded to lower case by the application (*_key columns): comparisons use the key,
-- responses the stored casing.
-- Quantities are exact decimals with 4 places, stored as integers in units of 0.0001 (*_e4);
-- coordinates likewise with 6 places (*_e6). No binary floating point is stored.

CREATE TABLE source (
    source_key                ${text}     NOT NULL PRIMARY KEY,
    source_code               ${text}     NOT NULL,
    name                      ${text}     NOT NULL,
    name_key                  ${text}     NOT NULL UNIQUE,
    enabled                   SMALLINT NOT NULL DEFAULT 1,
    description               ${text},
    latitude_e6               BIGINT,
    longitude_e6              BIGINT,
    country_id                ${text}     NOT NULL,
    region_id                 BIGINT,
    region                    ${text},
    city                      ${text},
    street                    ${text},
    postcode                  ${text}     NOT NULL,
    contact_name              ${text},
    email                     ${text},
    phone                     ${text},
    fax                       ${text},
    is_pickup_location_active SMALLINT NOT NULL DEFAULT 0,
    frontend_name             ${text},
    frontend_description      ${text}
);

-- The default source exists from the first start (Magento creates it at install).
INSERT INTO source (source_key, source_code, name, name_key, enabled, description,
                    latitude_e6, longitude_e6, country_id, postcode, frontend_name)
VALUES ('default', 'default', 'Default Source', 'default source', 1, 'Default Source',
        0, 0, 'US', '00000', 'Default Source');

CREATE TABLE source_item (
    source_item_id ${identity},
    source_key     ${text}     NOT NULL REFERENCES source (source_key),
    source_code    ${text}     NOT NULL,
    sku            ${text}     NOT NULL,
    sku_key        ${text}     NOT NULL,
    quantity_e4    BIGINT   NOT NULL,
    status         SMALLINT NOT NULL,
    UNIQUE (source_key, sku_key)
);

CREATE INDEX source_item_by_sku ON source_item (sku_key, source_key);

CREATE TABLE admin_user (
    user_id       ${identity},
    username      ${text}     NOT NULL,
    username_key  ${text}     NOT NULL UNIQUE,
    password_hash ${text}     NOT NULL,
    is_active     SMALLINT NOT NULL DEFAULT 1,
    created_at    BIGINT   NOT NULL
);

-- Tokens are stored only as SHA-256 hashes; times are epoch milliseconds.
CREATE TABLE admin_token (
    token_hash ${text}   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES admin_user (user_id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX admin_token_by_user ON admin_token (user_id);
