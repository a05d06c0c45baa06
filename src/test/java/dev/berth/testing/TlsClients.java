package dev.berth.testing;

import dev.berth.security.Pem;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP clients for TLS tests: one that trusts exactly one CA file and nothing else. */
public final class TlsClients {
  private TlsClients() {}

  public static SSLContext trustingOnly(Path caCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("berth-ca", Pem.readCertificates(caCertificate).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  public static HttpClient http2TrustingOnly(Path caCertificate) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(trustingOnly(caCertificate))
        .version(HttpClient.Version.HTTP_2)
        .build();
  }
}
