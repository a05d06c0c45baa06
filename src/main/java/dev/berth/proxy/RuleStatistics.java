package dev.berth.proxy;

import java.time.Instant;

/**
 * What one rule's cache did since the registry started.
 *
 * @param hits pulls (manifest and blob GETs) answered from the cache
 * @param misses pulls that had to ask the upstream
 * @param upstreamFetches manifests and blobs actually fetched from the upstream (concurrent misses
 *     share one)
 * @param bytesSaved bytes served from the cache that the upstream did not have to send
 * @param staleServes pulls answered with a cached copy because the upstream failed
 * @param lastError the upstream's last failure in words, or null
 * @param lastErrorAt when, or null
 * @param upstreamDown whether the last exchange with the upstream failed
 */
public record RuleStatistics(
    String prefix,
    long hits,
    long misses,
    long upstreamFetches,
    long bytesSaved,
    long staleServes,
    String lastError,
    Instant lastErrorAt,
    boolean upstreamDown) {}
