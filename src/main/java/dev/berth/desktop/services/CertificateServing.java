package dev.berth.desktop.services;

import dev.berth.engine.BerthEngine;
import java.io.IOException;
import java.net.URI;

/**
 * What the Certificates view needs of the running registry: whether it serves HTTPS, and a reload.
 */
public final class CertificateServing {
  private final BerthEngine engine;

  CertificateServing(BerthEngine engine) {
    this.engine = engine;
  }

  public boolean servesHttps() {
    return engine.certificate().isPresent();
  }

  public URI url() {
    return engine.url();
  }

  /** Serves the data folder's new certificate without a restart (when serving HTTPS at all). */
  public void reloadIfServing() throws IOException {
    if (servesHttps()) {
      engine.reloadCertificate();
    }
  }
}
