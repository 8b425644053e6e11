package io.promethium.scrape.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Builds a client {@link SslContext} from {@code tls_config}: {@code ca_file}, {@code cert_file} +
 * {@code key_file} (PEM; PKCS#8 keys of any algorithm and PKCS#1 {@code RSA PRIVATE KEY}), {@code
 * insecure_skip_verify} and {@code min_version}. Hostname verification is on unless verification is
 * skipped. Errors name the file. Stateless.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * A client context.
   *
   * @param minVersion {@code TLS10}..{@code TLS13}, or null/empty for the JDK default (TLS 1.2+)
   */
  public static SslContext client(Path caFile, Path certFile, Path keyFile, boolean insecureSkipVerify,
      String minVersion) throws ScrapeException {
    SslContextBuilder b = SslContextBuilder.forClient();
    if (insecureSkipVerify) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      b.endpointIdentificationAlgorithm("HTTPS");
      if (caFile != null) {
        b.trustManager(readCertificates(caFile));
      }
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new ScrapeException(ScrapeException.Kind.CONFIG,
          "tls_config: cert_file and key_file must both be set (cert_file=" + certFile + ", key_file=" + keyFile
              + ")");
    }
    if (certFile != null) {
      b.keyManager(readPrivateKey(keyFile), readCertificates(certFile));
    }
    String[] protocols = protocols(minVersion);
    if (protocols != null) {
      b.protocols(protocols);
    }
    try {
      return b.build();
    } catch (IOException | RuntimeException e) {
      throw new ScrapeException(ScrapeException.Kind.CONFIG, "tls_config: " + e.getMessage());
    }
  }

  private static String[] protocols(String minVersion) throws ScrapeException {
    if (minVersion == null || minVersion.isEmpty()) {
      return null;
    }
    List<String> all = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    int from = switch (minVersion) {
      case "TLS10" -> 0;
      case "TLS11" -> 1;
      case "TLS12" -> 2;
      case "TLS13" -> 3;
      default -> throw new ScrapeException(ScrapeException.Kind.CONFIG,
          "tls_config: unknown min_version " + minVersion);
    };
    return all.subList(from, all.size()).toArray(new String[0]);
  }

  static X509Certificate[] readCertificates(Path file) throws ScrapeException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new ScrapeException(ScrapeException.Kind.CONFIG, "no certificates found in " + file);
      }
      return out.toArray(new X509Certificate[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw new ScrapeException(ScrapeException.Kind.CONFIG, "unable to read certificates from " + file + ": "
          + e.getMessage());
    }
  }

  static PrivateKey readPrivateKey(Path file) throws ScrapeException {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ScrapeException(ScrapeException.Kind.CONFIG, "unable to read key file " + file + ": "
          + e.getMessage());
    }
    byte[] pkcs8;
    byte[] der = pemBlock(pem, "PRIVATE KEY");
    if (der != null) {
      pkcs8 = der;
    } else if ((der = pemBlock(pem, "RSA PRIVATE KEY")) != null) {
      pkcs8 = wrapPkcs1(der);
    } else {
      throw new ScrapeException(ScrapeException.Kind.CONFIG, "key file " + file
          + ": expected a PEM \"PRIVATE KEY\" (PKCS#8) or \"RSA PRIVATE KEY\" block");
    }
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new ScrapeException(ScrapeException.Kind.CONFIG, "key file " + file + ": unsupported private key");
  }

  private static byte[] pemBlock(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    int s = pem.indexOf(begin);
    if (s < 0) {
      return null;
    }
    int e = pem.indexOf("-----END " + type + "-----", s);
    if (e < 0) {
      return null;
    }
    return Base64.getMimeDecoder().decode(pem.substring(s + begin.length(), e));
  }

  /** PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as an octet string. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.write(0x04);
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
  }
}
