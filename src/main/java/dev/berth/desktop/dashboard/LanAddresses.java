package dev.berth.desktop.dashboard;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * This machine's IPv4 addresses that teammates on the local network can reach: interfaces that are
 * up, not loopback and not the bridges of container runtimes and VMs (docker0, br-…, veth…, virbr…,
 * cni…), private addresses (10/8, 172.16/12, 192.168/16) first.
 */
final class LanAddresses {
  private static final List<String> VIRTUAL_PREFIXES =
      List.of("docker", "br-", "veth", "virbr", "cni", "flannel", "lxc", "podman", "vmnet");

  private LanAddresses() {}

  static List<String> current() {
    List<String> privateOnes = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || isContainerBridge(nic)) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            (address.isSiteLocalAddress() ? privateOnes : others).add(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      return List.of(); // no interfaces to read: nothing to offer teammates
    }
    privateOnes.addAll(others);
    return privateOnes;
  }

  private static boolean isContainerBridge(NetworkInterface nic) {
    String name = nic.getName().toLowerCase(Locale.ROOT);
    return VIRTUAL_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
