package dev.berth.tls;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names this machine answers to, for a server certificate that works however clients reach it:
 * {@code localhost}, the loopback addresses, the host name and every address of every interface
 * that is up (link-local IPv6 left out: it needs a zone id no URL can carry).
 */
public final class MachineNames {
  private MachineNames() {}

  public static Set<SubjectName> discover() {
    Set<SubjectName> names = new LinkedHashSet<>();
    names.add(SubjectName.parse("localhost"));
    names.add(SubjectName.parse("127.0.0.1"));
    names.add(SubjectName.parse("::1"));
    try {
      String host = InetAddress.getLocalHost().getHostName();
      names.add(SubjectName.parse(host));
    } catch (UnknownHostException | IllegalArgumentException e) {
      // No resolvable host name: the addresses below still work.
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLinkLocalAddress()) {
            names.add(SubjectName.of(a));
          }
        }
      }
    } catch (SocketException e) {
      // Interfaces cannot be listed (sandbox): loopback names are still there.
    }
    return names;
  }
}
