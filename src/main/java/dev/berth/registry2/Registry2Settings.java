package dev.berth.registry2;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a registry:2 configuration (file and {@code REGISTRY_*} variables) asks for, in the terms
 * Berth serves. Anything Berth does not act on is named in {@link #ignored} or {@link
 * #notSupportedYet}, for the one warning line at start-up ({@link #warning}).
 *
 * @param address {@code http.addr}
 * @param host {@code http.host}: the public base URL
 * @param tls {@code http.tls.certificate}/{@code key}
 * @param headers {@code http.headers}: added to every API response
 * @param auth {@code auth}
 * @param rootDirectory {@code storage.filesystem.rootdirectory}: Berth's data folder
 * @param deleteEnabled {@code storage.delete.enabled} (registry:2's default: false)
 * @param uploadPurging {@code storage.maintenance.uploadpurging}
 * @param readOnly {@code storage.maintenance.readonly.enabled}
 * @param proxy {@code proxy.*}: the upstream of the default mirror (a pull-through cache rule)
 * @param logLevel {@code log.level} (or the old top-level {@code loglevel})
 * @param ignored keys Berth reads no meaning from
 * @param notSupportedYet keys of features Berth will have (pull-through cache, notifications)
 */
public record Registry2Settings(
    Optional<String> address,
    Optional<URI> host,
    Optional<TlsFiles> tls,
    Map<String, List<String>> headers,
    Auth auth,
    Optional<Path> rootDirectory,
    boolean deleteEnabled,
    UploadPurging uploadPurging,
    boolean readOnly,
    Optional<Proxy> proxy,
    Optional<String> logLevel,
    List<String> ignored,
    List<String> notSupportedYet) {

  public Registry2Settings {
    headers = Map.copyOf(headers);
    ignored = List.copyOf(ignored);
    notSupportedYet = List.copyOf(notSupportedYet);
  }

  /** {@code http.tls}: a PEM certificate (leaf first) and its key. */
  public record TlsFiles(Path certificate, Path key) {}

  /** The {@code auth} section: one kind or none. */
  public sealed interface Auth permits NoAuth, HtpasswdAuth, TokenAuth {}

  /** No {@code auth} section: everyone may do everything. */
  public record NoAuth() implements Auth {}

  /** {@code auth.htpasswd}: HTTP Basic against a bcrypt htpasswd file, re-read when it changes. */
  public record HtpasswdAuth(String realm, Path path) implements Auth {}

  /**
   * {@code auth.token}: bearer tokens issued by an existing token server.
   *
   * @param realm where clients get tokens (the challenge's realm)
   * @param service the audience tokens must name (the challenge's service)
   * @param issuer the {@code iss} tokens must carry
   * @param rootCertBundle PEM certificates whose keys (or whose chains) sign the tokens
   */
  public record TokenAuth(URI realm, String service, String issuer, Path rootCertBundle)
      implements Auth {}

  /** {@code storage.maintenance.uploadpurging}, with registry:2's defaults. */
  public record UploadPurging(boolean enabled, Duration age, Duration interval, boolean dryRun) {
    public static final UploadPurging DEFAULT =
        new UploadPurging(true, Duration.ofHours(168), Duration.ofHours(24), false);
  }

  /**
   * {@code proxy}: the upstream of a pull-through cache. The password never appears in {@link
   * #toString}.
   */
  public record Proxy(
      URI remoteUrl, Optional<String> username, Optional<String> password, Optional<Duration> ttl) {
    @Override
    public String toString() {
      return "Proxy["
          + remoteUrl
          + username.map(u -> ", user " + u).orElse("")
          + password.map(p -> ", password hidden").orElse("")
          + ttl.map(t -> ", ttl " + t).orElse("")
          + "]";
    }
  }

  /**
   * The one start-up warning naming every setting Berth does not act on, or empty when there is
   * none. Names only, never values: a value may be a password.
   */
  public Optional<String> warning() {
    if (ignored.isEmpty() && notSupportedYet.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder("registry:2 settings Berth does not use:");
    if (!ignored.isEmpty()) {
      s.append(" ignored: ").append(String.join(", ", ignored));
    }
    if (!notSupportedYet.isEmpty()) {
      s.append(ignored.isEmpty() ? " " : "; ")
          .append("not supported yet: ")
          .append(String.join(", ", notSupportedYet));
    }
    return Optional.of(s.toString());
  }
}
