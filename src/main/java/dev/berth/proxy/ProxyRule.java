package dev.berth.proxy;

import dev.berth.oci.InvalidNameException;
import dev.berth.oci.RepositoryName;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One upstream registry behind a namespace prefix: {@code hub} → {@code
 * https://registry-1.docker.io} makes {@code hub/library/alpine} a cached copy of the upstream's
 * {@code library/alpine}.
 *
 * @param prefix the first name component(s) that select this upstream ({@code hub}, {@code ghcr})
 * @param upstream the upstream registry's root URL (scheme, host, optional port; no path)
 * @param ttl how long a tag's answer is trusted before it is revalidated with a HEAD; zero
 *     revalidates every pull. Manifests by digest are immutable and never revalidated.
 * @param libraryNames whether single names get {@code library/} as Docker Hub's official images do
 *     ({@code hub/alpine} = {@code hub/library/alpine}); on by default for Docker Hub
 * @param sizeLimit the most bytes the rule's cache may hold, or 0 for no limit
 */
public record ProxyRule(
    String prefix, URI upstream, Duration ttl, boolean libraryNames, long sizeLimit) {
  /** The tag TTL when none is given, as {@code serve --proxy-ttl} documents it. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  public ProxyRule {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("a proxy rule needs a prefix, e.g. hub");
    }
    try {
      RepositoryName.parse(prefix);
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("'" + prefix + "' cannot be a prefix: " + e.getMessage());
    }
    upstream = normalise(upstream);
    ttl = ttl == null ? DEFAULT_TTL : ttl;
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the TTL of rule '" + prefix + "' must not be negative");
    }
    if (sizeLimit < 0) {
      throw new IllegalArgumentException(
          "the size limit of rule '" + prefix + "' must not be negative");
    }
  }

  /** A rule with the default TTL, {@code library/} names for Docker Hub only, and no size limit. */
  public static ProxyRule of(String prefix, String upstream) {
    URI url = normalise(parseUrl(upstream));
    return new ProxyRule(prefix, url, DEFAULT_TTL, isDockerHub(url), 0);
  }

  public ProxyRule withTtl(Duration value) {
    return new ProxyRule(prefix, upstream, value, libraryNames, sizeLimit);
  }

  public ProxyRule withLibraryNames(boolean value) {
    return new ProxyRule(prefix, upstream, ttl, value, sizeLimit);
  }

  public ProxyRule withSizeLimit(long value) {
    return new ProxyRule(prefix, upstream, ttl, libraryNames, value);
  }

  /**
   * The registry host this rule stands for, as containerd names it in {@code ?ns=}: host and a
   * non-default port, with Docker Hub's several host names folded into {@code docker.io}.
   */
  public String namespace() {
    return namespaceOf(
        upstream.getHost() + (upstream.getPort() < 0 ? "" : ":" + upstream.getPort()));
  }

  /** containerd's {@code ns} value (or any registry host) in the form {@link #namespace} uses. */
  static String namespaceOf(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(":443")) {
      h = h.substring(0, h.length() - 4);
    }
    return DOCKER_HUB_HOSTS.contains(h) ? "docker.io" : h;
  }

  static boolean isDockerHub(URI url) {
    return DOCKER_HUB_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
  }

  private static URI parseUrl(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getMessage());
    }
  }

  /** Docker Hub's API lives on registry-1.docker.io, whatever name the user typed. */
  private static URI normalise(URI url) {
    if (url == null
        || url.getScheme() == null
        || url.getHost() == null
        || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "an upstream must be an http:// or https:// URL with a host, not '" + url + "'");
    }
    if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
      throw new IllegalArgumentException(
          "an upstream is a registry's root URL, without a path: '" + url + "'");
    }
    if (url.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "credentials do not belong in the upstream URL; use berth proxy login");
    }
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("docker.io") || host.equals("index.docker.io")) {
      host = "registry-1.docker.io";
    }
    return URI.create(
        url.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + host
            + (url.getPort() < 0 ? "" : ":" + url.getPort()));
  }
}
