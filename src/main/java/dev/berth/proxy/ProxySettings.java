package dev.berth.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pull-through cache as {@code serve} was told on its command line: these rules come on top of
 * (and win over) those stored in the data folder's {@code proxy.json}, without being written there.
 *
 * @param rules {@code --proxy PREFIX=URL}
 * @param defaultMirror {@code --proxy-default PREFIX}
 * @param timeouts how long the upstream may take to connect and for each read
 * @param logins upstream logins by prefix that come from a registry:2 {@code config.yml} (its
 *     {@code proxy.username/password}); they win over {@code proxy-credentials.json} and are never
 *     written anywhere
 */
public record ProxySettings(
    List<ProxyRule> rules,
    Optional<String> defaultMirror,
    UpstreamClient.Timeouts timeouts,
    Map<String, UpstreamCredentials.Login> logins) {
  public static final ProxySettings NONE =
      new ProxySettings(List.of(), Optional.empty(), UpstreamClient.Timeouts.DEFAULT, Map.of());

  public ProxySettings(List<ProxyRule> rules, Optional<String> defaultMirror) {
    this(rules, defaultMirror, UpstreamClient.Timeouts.DEFAULT, Map.of());
  }

  public ProxySettings {
    rules = rules == null ? List.of() : List.copyOf(rules);
    defaultMirror = defaultMirror == null ? Optional.empty() : defaultMirror;
    timeouts = timeouts == null ? UpstreamClient.Timeouts.DEFAULT : timeouts;
    logins = logins == null ? Map.of() : Map.copyOf(logins);
  }

  public ProxySettings withTimeouts(UpstreamClient.Timeouts value) {
    return new ProxySettings(rules, defaultMirror, value, logins);
  }

  /** A password never shows in logs or errors. */
  @Override
  public String toString() {
    return "ProxySettings["
        + rules
        + ", default mirror "
        + defaultMirror.orElse("none")
        + ", logins for "
        + logins.keySet()
        + "]";
  }
}
