package dev.stockroom.http;

/**
 * A route's function: reads the request, returns the response body. {@code null} is a void
 * operation and answers {@code []}, as Magento does; a {@link JsonStream} is written as it is read.
 */
@FunctionalInterface
public interface Handler {
  Object handle(RestRequest request) throws Exception;
}
