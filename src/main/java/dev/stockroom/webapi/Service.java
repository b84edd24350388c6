package dev.stockroom.webapi;

/**
 * A Magento service interface as the schema names it: {@code inventoryApiSourceItemsSaveV1}
 * (lcfirst module without "Magento", short interface name without "Interface", version), with its
 * description. Stockroom's own routes have services of their own, named the same way.
 */
public record Service(String name, String description) {}
