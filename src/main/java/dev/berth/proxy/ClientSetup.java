package dev.berth.proxy;

/**
 * The exact client configuration for pulling through a rule, for the registry at {@code hostPort}
 * (as clients reach it) over {@code scheme} (http or https): Docker's {@code daemon.json}, a
 * containerd {@code hosts.toml}, and the plain {@code docker pull} form.
 */
public final class ClientSetup {
  private final ProxyRule rule;
  private final String hostPort;
  private final String scheme;
  private final boolean defaultMirror;

  public ClientSetup(ProxyRule rule, String hostPort, String scheme, boolean defaultMirror) {
    this.rule = rule;
    this.hostPort = hostPort;
    this.scheme = scheme;
    this.defaultMirror = defaultMirror;
  }

  /**
   * {@code /etc/docker/daemon.json}: Docker's daemon only mirrors Docker Hub, through the default
   * mirror rule.
   */
  public String daemonJson() {
    String insecure =
        scheme.equals("http") ? ",\n  \"insecure-registries\": [\"" + hostPort + "\"]" : "";
    String json =
        "{\n  \"registry-mirrors\": [\"" + scheme + "://" + hostPort + "\"]" + insecure + "\n}";
    if (defaultMirror) {
      return json;
    }
    return "# Docker's registry-mirrors reach only the default mirror rule; make '"
        + rule.prefix()
        + "' the default mirror for this to pull from "
        + rule.upstream()
        + ".\n"
        + json;
  }

  /**
   * {@code /etc/containerd/certs.d/<registry>/hosts.toml}: containerd adds {@code ?ns=} so one
   * mirror serves many upstreams.
   */
  public String hostsToml() {
    String registry = rule.namespace();
    String server =
        registry.equals("docker.io") ? "https://registry-1.docker.io" : rule.upstream().toString();
    return "# /etc/containerd/certs.d/"
        + registry
        + "/hosts.toml\n"
        + "server = \""
        + server
        + "\"\n\n"
        + "[host.\""
        + scheme
        + "://"
        + hostPort
        + "\"]\n"
        + "  capabilities = [\"pull\", \"resolve\"]\n";
  }

  /** Pulling by the prefixed name, with any client. */
  public String dockerPull() {
    String example = rule.libraryNames() ? "library/alpine" : "OWNER/IMAGE";
    return "docker pull " + hostPort + "/" + rule.prefix() + "/" + example;
  }
}
