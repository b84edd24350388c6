package dev.stockroom;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * The HTTP server's socket, bound before the database is opened: an address or port that cannot be
 * had stops the start before anything else has started or been created, with a message that names
 * the setting at fault.
 */
final class ListenSocket {
  private ListenSocket() {}

  /** The bound socket, as Jetty's connector would bind it (address reuse, this backlog). */
  static ServerSocketChannel bind(String host, int port, int backlog) {
    var address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new Config.ConfigException(
          "STOCKROOM_HOST (--host) "
              + host
              + " is not an address or a host name this machine can resolve. Set it to an address"
              + " of this machine, or to 0.0.0.0 for all of them.");
    }
    try {
      return bound(address, backlog);
    } catch (IOException notBound) {
      String reason = notBound.getMessage();
      // Whether the address takes any port tells a bad host from a taken port on every system,
      // whatever words its error uses.
      if (port != 0 && takesAnyPort(address)) {
        throw new Config.ConfigException(
            "STOCKROOM_PORT (--port) "
                + port
                + " cannot be listened on at "
                + host
                + " ("
                + reason
                + "). Stop the process that uses it, or choose another port (0 picks a free one).",
            notBound);
      }
      throw new Config.ConfigException(
          "STOCKROOM_HOST (--host) "
              + host
              + " cannot be listened on ("
              + reason
              + "). Set it to an address of this machine, or to 0.0.0.0 for all of them.",
          notBound);
    }
  }

  private static ServerSocketChannel bound(InetSocketAddress address, int backlog)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, backlog);
      return channel;
    } catch (IOException | RuntimeException failure) {
      channel.close();
      throw failure;
    }
  }

  private static boolean takesAnyPort(InetSocketAddress address) {
    try {
      bound(new InetSocketAddress(address.getAddress(), 0), 1).close();
      return true;
    } catch (IOException notEvenThat) {
      return false;
    }
  }
}
