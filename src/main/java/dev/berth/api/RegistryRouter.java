package dev.berth.api;

import static dev.berth.registry.error.RegistryErrorCode.NAME_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.UNSUPPORTED;

import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.events.Caller;
import dev.berth.oci.InvalidNameException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Matches a request to a resource and method, validates the repository name, asks the {@link
 * AccessController}, then calls the endpoint.
 *
 * <p>Repository names contain slashes, so resources are matched by regular expressions anchored at
 * the end of the path (as distribution's router does): {@code /v2/team/app/blobs/sha256:…} splits
 * at the last {@code /blobs/}.
 */
public final class RegistryRouter implements HttpHandler {
  private final List<Resource> resources;
  private final AccessController access;

  private RegistryRouter(List<Resource> resources, AccessController access) {
    this.resources = List.copyOf(resources);
    this.access = access;
  }

  /** A path pattern with its methods; group 1 is the repository name, group 2 the parameter. */
  private record Resource(
      String description, Pattern pattern, boolean hasName, Map<HttpString, Method> methods) {}

  private record Method(Endpoint endpoint, Function<ApiRequest, AccessScope> scope) {}

  public static Builder builder(AccessController access) {
    return new Builder(access);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    for (Resource resource : resources) {
      Matcher m = resource.pattern.matcher(path);
      if (!m.matches()) {
        continue;
      }
      Method method = resource.methods.get(exchange.getRequestMethod());
      if (method == null) {
        exchange
            .getResponseHeaders()
            .put(
                Headers.ALLOW,
                resource.methods.keySet().stream()
                    .map(HttpString::toString)
                    .sorted()
                    .collect(Collectors.joining(", ")));
        throw new RegistryException(
            UNSUPPORTED,
            405,
            exchange.getRequestMethod() + " is not supported on " + resource.description);
      }
      RepositoryName name = resource.hasName ? repositoryName(m.group(1)) : null;
      String parameter =
          m.groupCount() >= (resource.hasName ? 2 : 1) ? m.group(resource.hasName ? 2 : 1) : null;
      Caller caller =
          access.authorize(exchange, method.scope.apply(new ApiRequest(name, parameter, null)));
      method.endpoint.handle(exchange, new ApiRequest(name, parameter, caller));
      return;
    }
    throw new RegistryException(UNSUPPORTED, 404, "no registry endpoint at " + abbreviate(path));
  }

  private static RepositoryName repositoryName(String text) {
    try {
      return RepositoryName.parse(text);
    } catch (InvalidNameException e) {
      throw new RegistryException(NAME_INVALID, e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** Collects the routing table; see {@link RegistryRoutes} for the table itself. */
  public static final class Builder {
    private final AccessController access;
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    private Builder(AccessController access) {
      this.access = access;
    }

    /**
     * Adds a method to a resource.
     *
     * @param regex a full-path regular expression; when {@code hasName}, group 1 captures the
     *     repository name
     */
    public Builder add(
        String description,
        String regex,
        boolean hasName,
        HttpString method,
        Function<ApiRequest, AccessScope> scope,
        Endpoint endpoint) {
      Resource resource =
          resources.computeIfAbsent(
              regex,
              r -> new Resource(description, Pattern.compile(r), hasName, new LinkedHashMap<>()));
      if (resource.methods.put(method, new Method(endpoint, scope)) != null) {
        throw new IllegalStateException(method + " " + regex + " registered twice");
      }
      return this;
    }

    public RegistryRouter build() {
      return new RegistryRouter(new ArrayList<>(resources.values()), access);
    }
  }
}
