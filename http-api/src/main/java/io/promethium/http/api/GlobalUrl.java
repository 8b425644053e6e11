package io.promethium.http.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A target's URL as seen from outside, as api.go's {@code getGlobalURL}: a target on localhost gets the
 * external URL's host; if it is this very server (same port as we listen on), also the external scheme and
 * port. Immutable and thread-safe.
 */
final class GlobalUrl {
  private static final String[] LOCALHOST = {"127.0.0.1", "localhost", "::1", "[::1]"};

  private final String externalScheme;
  private final String externalHost; // host[:port] of the external URL
  private final String listenPort;

  GlobalUrl(String externalUrl, String listenAddress) {
    String listen = listenAddress == null ? "" : listenAddress;
    this.listenPort = listen.substring(listen.lastIndexOf(':') + 1);
    URI ext = null;
    if (externalUrl != null && !externalUrl.isEmpty()) {
      try {
        ext = new URI(externalUrl);
      } catch (URISyntaxException e) {
        ext = null;
      }
    }
    if (ext != null && ext.getRawAuthority() != null) {
      externalScheme = ext.getScheme();
      externalHost = ext.getRawAuthority();
    } else {
      // Prometheus's default external URL: http://<hostname>:<listen port>/.
      externalScheme = "http";
      externalHost = hostname() + ":" + listenPort;
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  String of(String scrapeUrl) {
    URI u;
    try {
      u = new URI(scrapeUrl);
    } catch (URISyntaxException | NullPointerException e) {
      return scrapeUrl;
    }
    String host = u.getHost();
    if (host == null) {
      return scrapeUrl;
    }
    boolean local = false;
    for (String l : LOCALHOST) {
      local |= l.equalsIgnoreCase(host);
    }
    if (!local) {
      return scrapeUrl;
    }
    String port = u.getPort() < 0 ? "" : Integer.toString(u.getPort());
    String scheme = u.getScheme();
    String authority;
    if (port.equals(listenPort)) {
      scheme = externalScheme;
      authority = externalHost;
    } else {
      String extHostOnly = externalHost.startsWith("[")
          ? externalHost.substring(0, externalHost.indexOf(']') + 1)
          : externalHost.contains(":") ? externalHost.substring(0, externalHost.lastIndexOf(':')) : externalHost;
      authority = port.isEmpty() ? extHostOnly : extHostOnly + ":" + port;
    }
    StringBuilder sb = new StringBuilder().append(scheme).append("://").append(authority);
    if (u.getRawPath() != null) {
      sb.append(u.getRawPath());
    }
    if (u.getRawQuery() != null) {
      sb.append('?').append(u.getRawQuery());
    }
    return sb.toString();
  }
}
