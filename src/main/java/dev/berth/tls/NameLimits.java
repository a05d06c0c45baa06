package dev.berth.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The names a CA may sign for: its Name Constraints (RFC 5280 §4.2.1.10), permitted subtrees only.
 * A DNS name permits itself and every name below it ({@code registry.lan} permits {@code
 * a.registry.lan}); an address permits exactly itself. Clients that check constraints (OpenSSL,
 * Go's crypto/x509 in docker, podman and skopeo) refuse any other name in a certificate the CA
 * signs, so a stolen {@code ca.key} cannot impersonate other sites to them.
 *
 * @param dnsNames permitted DNS subtrees, lower case
 * @param addresses permitted single addresses
 * @param constrained false for a CA without the extension, which may sign for anything
 */
public record NameLimits(List<String> dnsNames, List<InetAddress> addresses, boolean constrained) {
  public static final NameLimits NONE = new NameLimits(List.of(), List.of(), false);

  public NameLimits {
    dnsNames = List.copyOf(dnsNames);
    addresses = List.copyOf(addresses);
  }

  /**
   * The limits of exactly these names: a wildcard {@code *.example.com} becomes the subtree {@code
   * example.com}.
   */
  public static NameLimits of(Collection<SubjectName> names) {
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    for (SubjectName n : names) {
      if (n.ip()) {
        InetAddress a = literal(n.value());
        if (!ips.contains(a)) {
          ips.add(a);
        }
      } else {
        String subtree = n.value().startsWith("*.") ? n.value().substring(2) : n.value();
        if (!dns.contains(subtree)) {
          dns.add(subtree);
        }
      }
    }
    return new NameLimits(dns, ips, true);
  }

  /** The limits written in {@code ca}'s Name Constraints, or {@link #NONE} when it has none. */
  public static NameLimits of(X509Certificate ca) throws IOException {
    byte[] value =
        ca.getExtensionValue(org.bouncycastle.asn1.x509.Extension.nameConstraints.getId());
    if (value == null) {
      return NONE;
    }
    NameConstraints constraints =
        NameConstraints.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value));
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    GeneralSubtree[] permitted = constraints.getPermittedSubtrees();
    for (GeneralSubtree subtree : permitted == null ? new GeneralSubtree[0] : permitted) {
      GeneralName base = subtree.getBase();
      if (base.getTagNo() == GeneralName.dNSName) {
        dns.add(base.getName().toString().toLowerCase(Locale.ROOT));
      } else if (base.getTagNo() == GeneralName.iPAddress) {
        byte[] bytes = ASN1OctetString.getInstance(base.getName()).getOctets();
        ips.add(InetAddress.getByAddress(Arrays.copyOf(bytes, bytes.length / 2)));
      }
    }
    return new NameLimits(dns, ips, true);
  }

  public boolean permits(SubjectName name) {
    if (!constrained) {
      return true;
    }
    if (name.ip()) {
      return addresses.contains(literal(name.value()));
    }
    String host = name.value().startsWith("*.") ? name.value().substring(2) : name.value();
    return dnsNames.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
  }

  /** The extension's value: one permitted subtree per name, each address with a full mask. */
  NameConstraints extension() {
    List<GeneralSubtree> permitted = new ArrayList<>();
    dnsNames.forEach(
        d -> permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, d))));
    for (InetAddress a : addresses) {
      byte[] address = a.getAddress();
      byte[] withMask = Arrays.copyOf(address, address.length * 2);
      Arrays.fill(withMask, address.length, withMask.length, (byte) 0xff);
      permitted.add(
          new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(withMask))));
    }
    return new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null);
  }

  /** {@code registry.lan, localhost, 127.0.0.1}, or words for a CA without limits. */
  public String describe() {
    if (!constrained) {
      return "any name (no name constraints)";
    }
    List<String> all = new ArrayList<>(dnsNames);
    addresses.forEach(a -> all.add(IpText.compact(a.getHostAddress())));
    return String.join(", ", all);
  }

  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address); // SubjectName holds only literal addresses: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + address + "' is not an IP address", e);
    }
  }
}
