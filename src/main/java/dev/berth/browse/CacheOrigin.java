package dev.berth.browse;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a cached repository comes from: the pull-through cache rule, its upstream and the name
 * there, and when its tags were last confirmed with the upstream (empty: not since the start).
 */
public record CacheOrigin(
    String prefix, URI upstream, String upstreamName, Optional<Instant> lastRevalidation) {}
