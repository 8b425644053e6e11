package io.promethium.scrape.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1:0 for tests, where each path has a behaviour that may do
 * anything to the connection: answer, stall, reset, lie about the length. Keeps connections alive.
 * Thread per connection (tests only). Records requests (first line + headers) and counts connections.
 */
public final class FaultServer implements AutoCloseable {
  /** What to do with one request. Return false to close the connection afterwards. */
  @FunctionalInterface
  public interface Behaviour {
    boolean handle(Request req, Socket socket, OutputStream out) throws IOException;
  }

  /** A parsed request. */
  public record Request(String method, String target, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final ServerSocket server;
  private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  public FaultServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "fault-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  public String url(String path) {
    return "http://" + address() + path;
  }

  public FaultServer route(String path, Behaviour b) {
    routes.put(path, b);
    return this;
  }

  public List<Request> requests() {
    return requests;
  }

  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "fault-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        Request req = readRequest(in);
        if (req == null) {
          return;
        }
        requests.add(req);
        String path = req.target();
        int q = path.indexOf('?');
        if (q >= 0) {
          path = path.substring(0, q);
        }
        Behaviour b = routes.get(path);
        boolean keep;
        if (b == null) {
          keep = respond(out, 404, "Not Found", "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8), null);
        } else {
          keep = b.handle(req, s, out);
        }
        out.flush();
        if (!keep) {
          return;
        }
      }
    } catch (IOException e) {
      // connection gone
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    String first = null;
    Map<String, String> headers = new ConcurrentHashMap<>();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).strip();
        line.reset();
        if (first == null) {
          first = l;
        } else if (l.isEmpty()) {
          break;
        } else {
          int colon = l.indexOf(':');
          headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
        }
      } else {
        line.write(c);
      }
    }
    String[] parts = first.split(" ");
    return new Request(parts[0], parts[1], headers);
  }

  /** Writes a full response with Content-Length; returns true (keep the connection). */
  public static boolean respond(OutputStream out, int code, String reason, String contentType, byte[] body,
      String extraHeaders) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    if (contentType != null) {
      h.append("Content-Type: ").append(contentType).append("\r\n");
    }
    h.append("Content-Length: ").append(body.length).append("\r\n");
    if (extraHeaders != null) {
      h.append(extraHeaders);
    }
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return true;
  }

  /** A behaviour answering 200 with a text-format body. */
  public static Behaviour text(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return (req, s, out) -> respond(out, 200, "OK", "text/plain; version=0.0.4", b, null);
  }

  public static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    }
    return bos.toByteArray();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }
}
