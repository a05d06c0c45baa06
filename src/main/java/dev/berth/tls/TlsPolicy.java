package dev.berth.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * What the HTTPS listener negotiates: TLS 1.3 and 1.2 only, and on both only AEAD cipher suites
 * with forward secrecy — AES-GCM and ChaCha20-Poly1305 with ECDHE — the set registry:2 offers. CBC
 * suites (and with them Lucky13-style padding oracles) are never offered. The server's order wins,
 * AES-128-GCM first (fast with AES-NI, and every client has it).
 */
public final class TlsPolicy {
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final List<String> CIPHER_SUITES =
      List.of(
          // TLS 1.3: every suite is AEAD with forward secrecy
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          // TLS 1.2: EC keys (Berth's own certificates), then RSA keys (certificates people bring)
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsPolicy() {}

  /**
   * {@code context} as a context whose every engine and default parameters follow this policy, so
   * whatever builds engines from it (Undertow, for each connection) gets no other protocols or
   * suites.
   */
  public static SSLContext restrict(SSLContext context) {
    return new SSLContext(
        new RestrictingSpi(context), context.getProvider(), context.getProtocol()) {};
  }

  /**
   * The policy applied to {@code base}: only the protocols and suites above that this runtime has.
   */
  static SSLParameters parameters(
      SSLParameters base, String[] supportedProtocols, String[] supportedSuites) {
    Set<String> protocols = Set.of(supportedProtocols);
    Set<String> suites = Set.of(supportedSuites);
    base.setProtocols(PROTOCOLS.stream().filter(protocols::contains).toArray(String[]::new));
    base.setCipherSuites(CIPHER_SUITES.stream().filter(suites::contains).toArray(String[]::new));
    base.setUseCipherSuitesOrder(true);
    return base;
  }

  private static SSLEngine restricted(SSLEngine engine) {
    engine.setSSLParameters(
        parameters(
            engine.getSSLParameters(),
            engine.getSupportedProtocols(),
            engine.getSupportedCipherSuites()));
    return engine;
  }

  /** Hands every call to the real context; engines and default parameters come back restricted. */
  private static final class RestrictingSpi extends SSLContextSpi {
    private final SSLContext delegate;

    RestrictingSpi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      delegate.init(km, tm, random);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return restricted(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return restricted(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      SSLParameters supported = delegate.getSupportedSSLParameters();
      return parameters(
          delegate.getDefaultSSLParameters(),
          supported.getProtocols(),
          supported.getCipherSuites());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }

    @Override
    public String toString() {
      return "TLS restricted to "
          + PROTOCOLS
          + " and AEAD suites "
          + Arrays.toString(CIPHER_SUITES.toArray());
    }
  }
}
