package dev.berth.proxy;

import dev.berth.oci.RepositoryName;

/**
 * A repository name a client asked for, resolved to an upstream.
 *
 * @param rule the upstream's rule
 * @param upstreamName the repository's name at the upstream ({@code library/alpine})
 * @param cacheName where the cached copy lives here, always under the rule's prefix ({@code
 *     hub/library/alpine}), whichever of the name's spellings the client used
 */
public record ProxiedName(ProxyRule rule, String upstreamName, RepositoryName cacheName) {}
