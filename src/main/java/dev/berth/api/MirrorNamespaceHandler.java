package dev.berth.api;

import dev.berth.registry.MirrorNamespaces;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Honours containerd's {@code ?ns=<registry host>} on pull requests: a mirror configured in {@code
 * hosts.toml} for several registries asks {@code /v2/library/alpine/manifests/3.20?ns=docker.io},
 * and the repository served is the one the proxy rule for that registry names ({@code
 * hub/library/alpine}). Requests without {@code ns} pass unchanged; for a registry no rule stands
 * for, only this registry's own repositories are served, never the default mirror's.
 */
public final class MirrorNamespaceHandler implements HttpHandler {
  private static final Pattern PULL_PATH =
      Pattern.compile(
          "/v2/(.+?)/(manifests/[^/]+|blobs/(?!uploads/?$)[^/]+|tags/list|referrers/[^/]+)");

  private final MirrorNamespaces namespaces;
  private final HttpHandler next;

  public MirrorNamespaceHandler(MirrorNamespaces namespaces, HttpHandler next) {
    this.namespaces = namespaces;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Deque<String> ns = exchange.getQueryParameters().get("ns");
    if (ns != null && !ns.isEmpty()) {
      Matcher m = PULL_PATH.matcher(exchange.getRequestPath());
      if (m.matches()) {
        Optional<String> repository = namespaces.repositoryFor(ns.getFirst(), m.group(1));
        Optional<String> refusal =
            repository.isPresent()
                ? Optional.empty()
                : namespaces.refusal(ns.getFirst(), m.group(1));
        if (refusal.isPresent()) {
          throw new RegistryException(RegistryErrorCode.NAME_UNKNOWN, refusal.get());
        }
        if (repository.isPresent()) {
          String path = "/v2/" + repository.get() + "/" + m.group(2);
          exchange.setRequestPath(path);
          exchange.setRelativePath(path);
          exchange.setRequestURI(path);
        }
      }
    }
    next.handleRequest(exchange);
  }
}
