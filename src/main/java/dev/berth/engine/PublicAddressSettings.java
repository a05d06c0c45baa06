package dev.berth.engine;

import dev.berth.api.Cidr;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How clients reach the registry when that is not simply its listen address, for the URLs it hands
 * out (the token realm, {@code Location}).
 *
 * @param url the public base URL, {@code http[s]://host[:port]} without a path (the API lives at
 *     {@code /v2/} of it), or empty to work it out per request
 * @param trustedProxies peers whose {@code X-Forwarded-Proto/-Host/-Port} headers are believed;
 *     from anyone else they are ignored
 */
public record PublicAddressSettings(Optional<URI> url, List<Cidr> trustedProxies) {
  public static final PublicAddressSettings NONE =
      new PublicAddressSettings(Optional.empty(), List.of());

  public PublicAddressSettings {
    url = url == null ? Optional.empty() : url;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    url.ifPresent(PublicAddressSettings::check);
  }

  /** Parses {@code --public-url}, refusing what cannot be a registry's base URL, in words. */
  public static URI parseUrl(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a URL such as https://registry.example.com");
    }
    check(uri);
    return uri;
  }

  private static void check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "the public URL '" + uri + "' must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "the public URL '" + uri + "' needs a host name and no user name");
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the public URL '" + uri + "' must not have a path: clients expect /v2/ at its root");
    }
  }
}
