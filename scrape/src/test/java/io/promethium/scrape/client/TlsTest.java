package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https targets with {@code tls_config}: certificates made at test time with the JDK's keytool. */
class TlsTest {
  @TempDir
  static Path dir;
  private static HttpsServer server;
  private static ScrapeClient client;
  private static Path serverCert;
  private static Path clientCert;
  private static Path clientKey;
  private static String url;

  @BeforeAll
  static void setUp() throws Exception {
    // Two keytool runs in parallel: each is a JVM start, the slow part of this test.
    Process sp = keyPair("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    Process cp = keyPair("client", "CN=scraper", null);
    Path serverStore = await(sp, "server");
    Path clientStore = await(cp, "client");
    serverCert = writePem(serverStore, "server", dir.resolve("server.crt"), null);
    clientCert = dir.resolve("client.crt");
    clientKey = dir.resolve("client.key");
    writePem(clientStore, "client", clientCert, clientKey);

    SSLContext ctx = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(serverStore), "changeit".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("client", load(clientStore).getCertificate("client"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setWantClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/metrics", ex -> {
      boolean authed;
      try {
        authed = ((javax.net.ssl.SSLSession) ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession())
            .getPeerCertificates().length > 0;
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        authed = false;
      }
      byte[] body = ("secure{client_cert=\"" + authed + "\"} 1\n").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    client = new ScrapeClient(1);
  }

  @AfterAll
  static void tearDown() {
    if (server != null) {
      server.stop(0);
    }
    if (client != null) {
      client.close();
    }
  }

  private static Path await(Process p, String alias) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    return dir.resolve(alias + ".p12");
  }

  private static Process keyPair(String alias, String dname, String san) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    var cmd = new java.util.ArrayList<>(java.util.List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA",
        "-keysize", "2048", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", "changeit", "-keypass", "changeit"));
    if (san != null) {
      cmd.add("-ext");
      cmd.add(san);
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    return ks;
  }

  private static Path writePem(Path store, String alias, Path cert, Path key) throws Exception {
    KeyStore ks = load(store);
    Certificate c = ks.getCertificate(alias);
    Files.writeString(cert, pem("CERTIFICATE", c.getEncoded()));
    if (key != null) {
      PrivateKey k = (PrivateKey) ks.getKey(alias, "changeit".toCharArray());
      Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
    }
    return cert;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static ScrapeException scrape(ClientSettings s) throws Exception {
    TargetClient c = client.newTarget(URI.create(url), s);
    try {
      CompletableFuture<ScrapeException> f = new CompletableFuture<>();
      c.scrape(5000, f::complete);
      ScrapeException e = f.get(10, TimeUnit.SECONDS);
      if (e == null) {
        lastBody = new String(c.body().array(), 0, c.body().length(), StandardCharsets.UTF_8);
      }
      return e;
    } finally {
      c.close();
    }
  }

  private static String lastBody;

  private static ClientSettings tls(Path ca, Path cert, Path key, boolean insecure, String serverName)
      throws ScrapeException {
    return new ClientSettings(ClientSettings.PROMETHEUS_ACCEPT, ClientSettings.USER_AGENT,
        TlsContexts.client(ca, cert, key, insecure, null), serverName, null, true, null, 0);
  }

  @Test
  void verifiesAgainstTheCaFile() throws Exception {
    assertNull(scrape(tls(serverCert, null, null, false, null)));
    assertEquals("secure{client_cert=\"false\"} 1\n", lastBody);
  }

  @Test
  void unknownAuthorityFailsUnlessVerificationIsSkipped() throws Exception {
    ScrapeException e = scrape(ClientSettings.defaults());
    assertNotNull(e);
    assertTrue(e.getMessage().startsWith("Get \"" + url + "\": tls: "), e.getMessage());
    assertNull(scrape(tls(null, null, null, true, null)));
  }

  @Test
  void serverNameIsCheckedAgainstTheCertificate() throws Exception {
    assertNull(scrape(tls(serverCert, null, null, false, "localhost")));
    ScrapeException e = scrape(tls(serverCert, null, null, false, "other.example"));
    assertNotNull(e);
    assertTrue(e.getMessage().contains("tls: "), e.getMessage());
  }

  @Test
  void presentsTheClientCertificate() throws Exception {
    assertNull(scrape(tls(serverCert, clientCert, clientKey, false, null)));
    assertEquals("secure{client_cert=\"true\"} 1\n", lastBody);
  }

  @Test
  void badTlsFilesAreConfigErrorsNamingTheFile() {
    Path missing = dir.resolve("missing.crt");
    ScrapeException e = org.junit.jupiter.api.Assertions.assertThrows(ScrapeException.class,
        () -> TlsContexts.client(missing, null, null, false, null));
    assertTrue(e.getMessage().contains("missing.crt"), e.getMessage());
    ScrapeException half = org.junit.jupiter.api.Assertions.assertThrows(ScrapeException.class,
        () -> TlsContexts.client(null, clientCert, null, false, null));
    assertTrue(half.getMessage().contains("cert_file and key_file"), half.getMessage());
  }
}
