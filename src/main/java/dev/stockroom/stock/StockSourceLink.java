package dev.stockroom.stock;

/** A source serving a stock; a lower priority number is served first. */
public record StockSourceLink(Long stockId, String sourceCode, Long priority) {}
