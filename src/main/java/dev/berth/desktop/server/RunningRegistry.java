package dev.berth.desktop.server;

import dev.berth.desktop.services.AppServices;
import dev.berth.desktop.services.BrowseService;
import dev.berth.desktop.services.CertificateServing;
import dev.berth.desktop.services.DeleteService;
import dev.berth.desktop.services.StorageService;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.ListenAddress;
import dev.berth.events.RegistryEvents;
import dev.berth.registry2.Registry2Importer;
import dev.berth.users.UserStore;
import java.net.URI;

/**
 * A started engine and the app's narrow services over it. Views use the services only (an ArchUnit
 * rule forbids them the engine); {@link #engine} is for the host that stops it, and for tests that
 * push to it as a client would.
 *
 * @param pullHost {@code host:port} as it appears in {@code docker pull} commands
 */
public record RunningRegistry(BerthEngine engine, AppServices services, String pullHost) {

  /** Wires the app's services over a freshly started engine: the one place they are made. */
  static RunningRegistry over(
      BerthEngine engine, com.fasterxml.jackson.databind.ObjectMapper json) {
    return new RunningRegistry(engine, AppServices.over(engine, json), pullHost(engine));
  }

  public BrowseService browser() {
    return services.browser();
  }

  public DeleteService deletion() {
    return services.deletion();
  }

  public StorageService storage() {
    return services.storage();
  }

  public CertificateServing certificates() {
    return services.certificates();
  }

  public UserStore users() {
    return services.users();
  }

  /** The pull-through cache's rules, logins and statistics. */
  public dev.berth.proxy.ProxyCache proxy() {
    return services.proxy();
  }

  public RegistryEvents events() {
    return services.events();
  }

  public Registry2Importer importer() {
    return services.importer();
  }

  public URI url() {
    return services.url();
  }

  public ListenAddress address() {
    return services.address();
  }

  public java.nio.file.Path dataDirectory() {
    return services.dataDirectory();
  }

  /** Whether clients must speak HTTPS to it. */
  public boolean https() {
    return engine.config().tls().enabled();
  }

  /** Whether clients must log in (to push at least). */
  public boolean loginRequired() {
    return engine.config().auth().mode() != dev.berth.engine.AuthSettings.Mode.NONE;
  }

  /** Clients cannot connect to a wildcard address; they reach such a server as localhost. */
  static String pullHost(BerthEngine engine) {
    ListenAddress address = engine.config().address();
    String host = address.isWildcard() ? "localhost" : address.host();
    return new ListenAddress(host, engine.port()).toString();
  }
}
