package dev.berth.api;

import dev.berth.oci.RepositoryName;

/**
 * A request after routing: the repository named in the path (validated) and the path parameter
 * after the resource word (a digest, reference or upload id, not yet parsed), either of which may
 * be null for endpoints without one.
 */
public record ApiRequest(RepositoryName repository, String parameter) {}
