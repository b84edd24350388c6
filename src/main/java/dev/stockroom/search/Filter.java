package dev.stockroom.search;

/** One condition: {@code field <condition_type> value}. Echoed as the client sent it. */
public record Filter(String field, String value, String conditionType) {}
