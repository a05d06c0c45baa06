package dev.berth.registry2;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.HtpasswdSettings;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.PublicAddressSettings;
import dev.berth.engine.TlsSettings;
import dev.berth.engine.TokenServerSettings;
import dev.berth.engine.UploadPurgeSettings;
import dev.berth.proxy.ProxyRule;
import dev.berth.proxy.ProxySettings;
import dev.berth.proxy.UpstreamCredentials;
import dev.berth.registry2.Registry2Settings.HtpasswdAuth;
import dev.berth.registry2.Registry2Settings.NoAuth;
import dev.berth.registry2.Registry2Settings.TokenAuth;
import java.time.Duration;
import java.util.Optional;

/**
 * What registry:2's settings mean for Berth's engine, key by key (the README's table "Coming from
 * registry:2" says the same in words). Settings the file leaves out keep registry:2's defaults
 * where they differ from Berth's: deletion is off, and stale uploads are purged after a week.
 */
public final class Registry2EngineConfig {
  private Registry2EngineConfig() {}

  public static EngineConfig apply(Registry2Settings settings, EngineConfig base) {
    EngineConfig config = base;
    if (settings.address().isPresent()) {
      config = config.withAddress(ListenAddress.parse(settings.address().get()));
    }
    if (settings.rootDirectory().isPresent()) {
      config = config.withDataDirectory(settings.rootDirectory().get());
    }
    if (settings.host().isPresent()) {
      config =
          config.withPublicAddress(
              new PublicAddressSettings(settings.host(), base.publicAddress().trustedProxies()));
    }
    if (settings.tls().isPresent()) {
      config =
          config.withTls(
              TlsSettings.files(settings.tls().get().certificate(), settings.tls().get().key()));
    }
    config =
        config
            .withAuth(auth(settings.auth()))
            .withDeleteEnabled(settings.deleteEnabled())
            .withReadOnly(settings.readOnly())
            .withResponseHeaders(settings.headers());
    if (settings.proxy().isPresent()) {
      config = config.withProxy(proxy(settings.proxy().get(), base.proxy()));
    }
    Registry2Settings.UploadPurging purging = settings.uploadPurging();
    return config.withUploadPurging(
        purging.enabled()
            ? Optional.of(
                new UploadPurgeSettings(purging.age(), purging.interval(), purging.dryRun()))
            : Optional.empty());
  }

  /**
   * registry:2's one upstream becomes the default mirror: it serves {@code /v2/library/alpine} as
   * registry:2 did, and Berth still takes pushes beside it. Its cached copies live under {@code
   * hub/} for Docker Hub, {@code mirror/} for any other upstream. registry:2's default TTL is 168h.
   */
  private static ProxySettings proxy(Registry2Settings.Proxy proxy, ProxySettings base) {
    boolean hub =
        java.util.Set.of("registry-1.docker.io", "docker.io", "index.docker.io")
            .contains(
                proxy.remoteUrl().getHost() == null
                    ? ""
                    : proxy.remoteUrl().getHost().toLowerCase(java.util.Locale.ROOT));
    String prefix = hub ? "hub" : "mirror";
    ProxyRule rule =
        ProxyRule.of(prefix, proxy.remoteUrl().toString())
            .withTtl(proxy.ttl().orElse(Duration.ofHours(168)));
    java.util.Map<String, UpstreamCredentials.Login> logins =
        proxy.username().isPresent() && proxy.password().isPresent()
            ? java.util.Map.of(
                prefix,
                new UpstreamCredentials.Login(proxy.username().get(), proxy.password().get()))
            : java.util.Map.of();
    return new ProxySettings(java.util.List.of(rule), Optional.of(prefix), base.timeouts(), logins);
  }

  private static AuthSettings auth(Registry2Settings.Auth auth) {
    if (auth instanceof HtpasswdAuth htpasswd) {
      return AuthSettings.htpasswd(new HtpasswdSettings(htpasswd.realm(), htpasswd.path()));
    }
    if (auth instanceof TokenAuth token) {
      return AuthSettings.tokenServer(
          new TokenServerSettings(
              token.realm(), token.service(), token.issuer(), token.rootCertBundle()));
    }
    if (auth instanceof NoAuth) {
      return AuthSettings.NONE;
    }
    throw new IllegalStateException("unhandled auth kind " + auth);
  }
}
