package dev.berth.engine;

import java.nio.file.Path;

/**
 * Whether and with which certificate the registry serves HTTPS.
 *
 * @param source off (plain HTTP), the data folder's certificate ({@code tls/server.crt}, made by
 *     {@code berth cert create}) or the user's own files
 * @param certificate for {@link Source#FILES}: PEM certificate, leaf first, then intermediates
 * @param key for {@link Source#FILES}: PEM private key
 */
public record TlsSettings(Source source, Path certificate, Path key) {
  public static final TlsSettings OFF = new TlsSettings(Source.OFF, null, null);
  public static final TlsSettings DATA_FOLDER = new TlsSettings(Source.DATA_FOLDER, null, null);

  /** Where the certificate comes from. */
  public enum Source {
    OFF,
    DATA_FOLDER,
    FILES
  }

  public TlsSettings {
    if (source == null) {
      throw new IllegalArgumentException("no TLS source");
    }
    if (source == Source.FILES && (certificate == null || key == null)) {
      throw new IllegalArgumentException(
          "a TLS certificate file needs its key file, and the other way round");
    }
    if (source != Source.FILES && (certificate != null || key != null)) {
      throw new IllegalArgumentException("certificate and key files only go with Source.FILES");
    }
    certificate = certificate == null ? null : certificate.toAbsolutePath().normalize();
    key = key == null ? null : key.toAbsolutePath().normalize();
  }

  public static TlsSettings files(Path certificate, Path key) {
    return new TlsSettings(Source.FILES, certificate, key);
  }

  public boolean enabled() {
    return source != Source.OFF;
  }
}
