package dev.stockroom.events;

/** Sends one delivery (a JSON body {@code {"events":[…]}}) to a subscriber; throws if it failed. */
interface Sender {
  void send(Subscriber subscriber, String body) throws Exception;
}
