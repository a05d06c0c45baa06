package dev.berth.desktop.dashboard;

import dev.berth.engine.ListenAddress;
import java.util.List;

/**
 * What to tell teammates so that they can use the registry from their machines: the address they
 * reach it at on the local network, and the commands to send them (issue 15, item 12).
 *
 * @param advice one or two sentences for the dashboard
 * @param commands the commands to send a teammate, one per line; empty when nobody else can reach
 *     the registry
 */
record TeammateAccess(String advice, String commands) {

  /**
   * @param address what the registry listens on, as configured
   * @param port the port it actually listens on
   * @param lanHosts this machine's addresses on the local network, best first
   */
  static TeammateAccess of(
      ListenAddress address, int port, boolean https, boolean login, List<String> lanHosts) {
    if (address.isLoopback()) {
      return new TeammateAccess(
          "Only this computer can reach the registry: it listens on "
              + address.host()
              + ". To share it with teammates, set the address to 0.0.0.0:"
              + port
              + " in Settings.",
          "");
    }
    String reachable;
    if (address.isWildcard()) {
      if (lanHosts.isEmpty()) {
        return new TeammateAccess(
            "The registry listens on every network interface, but this computer has no address on a"
                + " local network right now.",
            "");
      }
      reachable = lanHosts.get(0);
    } else {
      reachable = address.host();
    }
    String hostPort = new ListenAddress(reachable, port).toString();
    String commands =
        (login ? "docker login " + hostPort + "\n" : "") + "docker pull " + hostPort + "/IMAGE:TAG";
    String trust =
        https
            ? " Their machines must trust Berth's certificate authority: Certificates has the steps."
            : " It speaks plain HTTP: their Docker needs \"insecure-registries\": [\""
                + hostPort
                + "\"] in /etc/docker/daemon.json, or turn on HTTPS in Settings.";
    String others =
        address.isWildcard() && lanHosts.size() > 1
            ? " (also " + String.join(", ", lanHosts.subList(1, lanHosts.size())) + ")"
            : "";
    return new TeammateAccess(
        "Teammates on your network reach it at " + hostPort + others + "." + trust, commands);
  }
}
