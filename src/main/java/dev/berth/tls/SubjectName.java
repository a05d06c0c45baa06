package dev.berth.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A name a server certificate is valid for: a DNS name ({@code registry.lan}, {@code localhost}) or
 * an IP address ({@code 192.168.1.20}, {@code ::1}), each becoming the right kind of SAN entry.
 */
public record SubjectName(String value, boolean ip) {
  private static final Pattern DNS =
      Pattern.compile(
          "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Parses a host name or an IP address, refusing anything else. */
  public static SubjectName parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (IPV4.matcher(t).matches() || t.indexOf(':') >= 0) {
      try {
        // Both patterns are literal addresses: getByName does not do a DNS lookup for them.
        return new SubjectName(IpText.compact(InetAddress.getByName(t).getHostAddress()), true);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + text + "' is not an IP address");
      }
    }
    if (t.length() > 253 || !DNS.matcher(t).matches()) {
      throw new IllegalArgumentException("'" + text + "' is neither a host name nor an IP address");
    }
    return new SubjectName(t.toLowerCase(java.util.Locale.ROOT), false);
  }

  public static SubjectName of(InetAddress address) {
    return new SubjectName(IpText.compact(address.getHostAddress().replaceFirst("%.*$", "")), true);
  }

  GeneralName generalName() {
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, value);
  }

  @Override
  public String toString() {
    return (ip ? "IP:" : "DNS:") + value;
  }
}
