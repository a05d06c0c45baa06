package dev.berth.proxy;

import dev.berth.oci.InvalidNameException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every rule, and which one (if any) is the default mirror: the upstream for names that are neither
 * local nor under a prefix, which is how a Docker daemon's {@code registry-mirrors} asks ({@code
 * /v2/library/alpine/...}, no prefix).
 */
public record ProxyRules(List<ProxyRule> rules, Optional<String> defaultMirror) {
  public static final ProxyRules NONE = new ProxyRules(List.of(), Optional.empty());

  public ProxyRules {
    rules = List.copyOf(rules);
    defaultMirror = defaultMirror == null ? Optional.empty() : defaultMirror;
    Map<String, ProxyRule> byPrefix = new LinkedHashMap<>();
    for (ProxyRule rule : rules) {
      if (byPrefix.put(rule.prefix(), rule) != null) {
        throw new IllegalArgumentException(
            "two proxy rules for the prefix '" + rule.prefix() + "'");
      }
    }
    for (ProxyRule a : rules) {
      for (ProxyRule b : rules) {
        if (a != b && b.prefix().startsWith(a.prefix() + "/")) {
          throw new IllegalArgumentException(
              "prefix '" + b.prefix() + "' lies inside prefix '" + a.prefix() + "'");
        }
      }
    }
    defaultMirror.ifPresent(
        prefix -> {
          if (!byPrefix.containsKey(prefix)) {
            throw new IllegalArgumentException(
                "the default mirror '" + prefix + "' is not one of the rules' prefixes");
          }
        });
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public Optional<ProxyRule> rule(String prefix) {
    return rules.stream().filter(r -> r.prefix().equals(prefix)).findFirst();
  }

  /** These rules with {@code rule} added, or replacing the rule of the same prefix. */
  public ProxyRules with(ProxyRule rule) {
    List<ProxyRule> list =
        new ArrayList<>(rules.stream().filter(r -> !r.prefix().equals(rule.prefix())).toList());
    list.add(rule);
    list.sort(Comparator.comparing(ProxyRule::prefix));
    return new ProxyRules(list, defaultMirror);
  }

  public ProxyRules without(String prefix) {
    return new ProxyRules(
        rules.stream().filter(r -> !r.prefix().equals(prefix)).toList(),
        defaultMirror.filter(d -> !d.equals(prefix)));
  }

  public ProxyRules withDefaultMirror(Optional<String> prefix) {
    return new ProxyRules(rules, prefix);
  }

  /** The rule whose prefix {@code name} lies under; pushes there are refused. */
  public Optional<ProxyRule> prefixOf(RepositoryName name) {
    return rules.stream().filter(r -> name.value().startsWith(r.prefix() + "/")).findFirst();
  }

  /**
   * Where {@code name} is fetched from, if anywhere: the rule of its prefix, else the default
   * mirror when {@code isLocal} says no repository of that name lives here.
   *
   * @throws RegistryException NAME_INVALID when the cached copy's name would be too long
   */
  public Optional<ProxiedName> route(RepositoryName name, Predicate<RepositoryName> isLocal) {
    Optional<ProxyRule> prefixed = prefixOf(name);
    if (prefixed.isPresent()) {
      ProxyRule rule = prefixed.get();
      return Optional.of(proxied(rule, name.value().substring(rule.prefix().length() + 1)));
    }
    if (defaultMirror.isEmpty() || isLocal.test(name)) {
      return Optional.empty();
    }
    return Optional.of(proxied(rule(defaultMirror.get()).orElseThrow(), name.value()));
  }

  private static ProxiedName proxied(ProxyRule rule, String rest) {
    String upstreamName = rule.libraryNames() && !rest.contains("/") ? "library/" + rest : rest;
    try {
      return new ProxiedName(
          rule, upstreamName, RepositoryName.parse(rule.prefix() + "/" + upstreamName));
    } catch (InvalidNameException e) {
      throw new RegistryException(
          RegistryErrorCode.NAME_INVALID,
          "the cached copy of "
              + upstreamName
              + " from "
              + rule.upstream()
              + " would be named "
              + rule.prefix()
              + "/"
              + upstreamName
              + ": "
              + e.getMessage());
    }
  }

  /** The rule for containerd's {@code ?ns=<registry host>}. */
  public Optional<ProxyRule> forNamespace(String ns) {
    String wanted = ProxyRule.namespaceOf(ns);
    return rules.stream().filter(r -> r.namespace().equals(wanted)).findFirst();
  }
}
