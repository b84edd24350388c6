-- Low-quantity notification (Magento's inventory_low_stock_notification_configuration): the
-- notify quantity of one SKU at one source, NULL meaning the configured default. As in Magento it
-- has no foreign key: a row may name a source item that does not exist (yet).
CREATE TABLE source_item_configuration (
    source_key          ${text} NOT NULL,
    sku_key             ${text} NOT NULL,
    source_code         ${text} NOT NULL,
    sku                 ${text} NOT NULL,
    notify_stock_qty_e4 BIGINT,
    PRIMARY KEY (source_key, sku_key)
);

-- GeoNames postal codes, the offline distance provider's data (Magento's inventory_geoname),
-- loaded by `stockroom geonames import FILE`. Postcode, city and region are matched
-- case-insensitively through their folded keys, as MySQL's collation does in Magento.
CREATE TABLE geoname (
    geoname_id   ${identity},
    country_code ${text} NOT NULL,
    postcode     ${text} NOT NULL,
    postcode_key ${text} NOT NULL,
    city         ${text} NOT NULL,
    city_key     ${text} NOT NULL,
    region       ${text} NOT NULL,
    region_key   ${text} NOT NULL,
    province     ${text} NOT NULL,
    latitude_e6  BIGINT NOT NULL,
    longitude_e6 BIGINT NOT NULL
);

CREATE INDEX geoname_by_postcode ON geoname (country_code, postcode_key);
CREATE INDEX geoname_by_city ON geoname (country_code, city_key);
CREATE INDEX geoname_by_region ON geoname (country_code, region_key);
