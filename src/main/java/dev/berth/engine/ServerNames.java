package dev.berth.engine;

import dev.berth.tls.MachineNames;
import dev.berth.tls.SubjectName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether a host name or address is one this server answers to: its listen host, this machine's
 * names and addresses, or a name of the certificate it serves. A request's Host that passes is
 * trusted to build URLs from (see {@code api.PublicAddress}). The machine's names are looked up on
 * first use, not at start-up, because resolving the host name can be slow on a badly configured
 * network.
 */
final class ServerNames implements Predicate<String> {
  private final String listenHost;
  private final Supplier<Optional<X509Certificate>> certificate;
  private volatile Set<String> machine;
  private volatile CertificateNames served;

  private record CertificateNames(X509Certificate certificate, Set<String> names) {}

  ServerNames(String listenHost, Supplier<Optional<X509Certificate>> certificate) {
    String host = normalize(listenHost);
    // A wildcard listen address (all interfaces) is no name anyone reaches the server by.
    this.listenHost = host.equals("0.0.0.0") || host.equals("0:0:0:0:0:0:0:0") ? "" : host;
    this.certificate = certificate;
  }

  @Override
  public boolean test(String host) {
    String h = normalize(host);
    return h.equals(listenHost)
        || machineNames().contains(h)
        || certificateNames().stream().anyMatch(n -> matches(n, h));
  }

  private Set<String> machineNames() {
    Set<String> names = machine;
    if (names == null) {
      names = new HashSet<>();
      for (SubjectName n : MachineNames.discover()) {
        names.add(normalize(n.value()));
      }
      machine = names;
    }
    return names;
  }

  /** The served certificate's DNS and IP names, read again only when the certificate changed. */
  private Set<String> certificateNames() {
    Optional<X509Certificate> current = certificate.get();
    if (current.isEmpty()) {
      return Set.of();
    }
    CertificateNames cached = served;
    if (cached == null || cached.certificate() != current.get()) {
      Set<String> names = new HashSet<>();
      try {
        if (current.get().getSubjectAlternativeNames() != null) {
          for (List<?> san : current.get().getSubjectAlternativeNames()) {
            if (san.get(1) instanceof String value) {
              names.add(normalize(value));
            }
          }
        }
      } catch (CertificateParsingException e) {
        // unreadable names match nothing; the other sources still apply
      }
      cached = new CertificateNames(current.get(), names);
      served = cached;
    }
    return cached.names();
  }

  /**
   * A name matches itself; {@code *.example.com} matches one more label in front of example.com.
   */
  private static boolean matches(String name, String host) {
    if (name.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(name.substring(1));
    }
    return name.equals(host);
  }

  /**
   * Lower case; an IP literal in its one canonical spelling, so {@code ::1} and {@code
   * 0:0:0:0:0:0:0:1} agree.
   */
  private static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT).replaceFirst("%.*$", "");
    if (h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      try {
        return InetAddress.getByName(h).getHostAddress(); // a literal: no DNS lookup
      } catch (UnknownHostException e) {
        return h;
      }
    }
    return h;
  }
}
