package dev.berth.proxy;

import java.util.List;

/** Well-known upstreams, offered in the app so a rule is a click away. */
public record ProxyPreset(String name, String prefix, String upstream) {
  public static final List<ProxyPreset> ALL =
      List.of(
          new ProxyPreset("Docker Hub", "hub", "https://registry-1.docker.io"),
          new ProxyPreset("GHCR", "ghcr", "https://ghcr.io"),
          new ProxyPreset("Quay", "quay", "https://quay.io"),
          new ProxyPreset("registry.k8s.io", "k8s", "https://registry.k8s.io"));

  public ProxyRule rule() {
    return ProxyRule.of(prefix, upstream);
  }
}
