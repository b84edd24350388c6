package dev.stockroom.webapi;

/**
 * A route's function: reads the request's arguments, returns the result its route declares. A void
 * operation returns null and answers {@code []}, as Magento does.
 */
@FunctionalInterface
public interface Handler<T> {
  T handle(RestRequest request) throws Exception;
}
