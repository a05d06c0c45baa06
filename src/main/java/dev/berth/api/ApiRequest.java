package dev.berth.api;

import dev.berth.events.Caller;
import dev.berth.oci.RepositoryName;

/**
 * A request after routing: the repository named in the path (validated) and the path parameter
 * after the resource word (a digest, reference or upload id, not yet parsed), either of which may
 * be null for endpoints without one; and who is asking, as the access check found.
 */
public record ApiRequest(RepositoryName repository, String parameter, Caller caller) {}
