package io.promethium.http;

import java.net.InetSocketAddress;

/**
 * Parses {@code --web.listen-address} values: {@code host:port}, {@code :port} (all interfaces) and
 * {@code [v6addr]:port}. Stateless.
 */
final class ListenAddress {
  private ListenAddress() {}

  static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid listen address \"" + address + "\": missing port in address");
    }
    String host = address.substring(0, colon);
    String portText = address.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid listen address \"" + address + "\": invalid port \"" + portText
          + "\"");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("invalid listen address \"" + address + "\": invalid port " + port);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
