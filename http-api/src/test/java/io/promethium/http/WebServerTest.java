package io.promethium.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.boundPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthyAndReadyFollowTheReadinessSupplier() throws Exception {
    AtomicBoolean ready = new AtomicBoolean();
    server = new WebServer(WebServerOptions.builder().listenAddress("127.0.0.1:0").build(),
        new ApiBackend().ready(ready::get), null);
    server.start();
    assertTrue(server.boundPort() > 0);

    HttpResponse<String> h = get("/-/healthy");
    assertEquals(200, h.statusCode());
    assertEquals("Prometheus Server is Healthy.\n", h.body());

    HttpResponse<String> r = get("/-/ready");
    assertEquals(503, r.statusCode());
    assertEquals("Service Unavailable", r.body());

    ready.set(true);
    r = get("/-/ready");
    assertEquals(200, r.statusCode());
    assertEquals("Prometheus Server is Ready.\n", r.body());

    assertEquals(404, get("/nope").statusCode());
    assertEquals("404 page not found\n", get("/nope").body());
  }

  @Test
  void routePrefixServesEverythingBelowIt() throws Exception {
    server = new WebServer(WebServerOptions.builder().listenAddress("127.0.0.1:0")
        .externalUrl("http://example.org/prom/").build(), new ApiBackend().ready(() -> true), null);
    server.start();
    assertEquals(200, get("/prom/-/healthy").statusCode());
    assertEquals(404, get("/-/healthy").statusCode());
    HttpResponse<String> root = get("/");
    assertEquals(302, root.statusCode());
    assertEquals("/prom", root.headers().firstValue("Location").orElse(""));
  }

  @Test
  void stopReleasesThePort() throws Exception {
    server = new WebServer(WebServerOptions.builder().listenAddress("127.0.0.1:0").build(), null, null);
    server.start();
    int port = server.boundPort();
    server.stop();
    WebServer again = new WebServer(WebServerOptions.builder().listenAddress("127.0.0.1:" + port).build(), null,
        null);
    again.start();
    assertEquals(port, again.boundPort());
    again.stop();
  }
}
