package dev.berth.registry;

import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.ManifestParser;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts image pulls (as {@link PullDetector} tells them from manifest reads) in memory and writes
 * them to the metadata in batches, so that a pull never waits for a database write. {@link #flush}
 * is called periodically and at shutdown.
 */
public final class PullRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(PullRecorder.class);

  private final ManifestMetadata manifests;
  private final Clock clock;
  private final PullDetector detector;
  private final ConcurrentHashMap<ManifestKey, LongAdder> pending = new ConcurrentHashMap<>();

  public PullRecorder(ManifestMetadata manifests, ManifestParser parser, Clock clock) {
    this.manifests = manifests;
    this.clock = clock;
    this.detector = new PullDetector(manifests::get, parser, this::record);
  }

  /**
   * Subscribes to manifest and blob reads (off the request path, on the one events thread that the
   * detector needs) and returns this recorder.
   */
  public PullRecorder listenTo(RegistryEvents events) {
    events.subscribe(RegistryEvent.ManifestPulled.class, detector::manifestFetched);
    events.subscribe(RegistryEvent.BlobPulled.class, detector::blobFetched);
    return this;
  }

  void record(RepositoryName repository, Digest digest) {
    pending.computeIfAbsent(new ManifestKey(repository, digest), k -> new LongAdder()).increment();
  }

  /** Writes the counts gathered so far. Safe to call from any thread; never throws. */
  public void flush() {
    Map<ManifestKey, Long> batch = new HashMap<>();
    for (ManifestKey key : pending.keySet()) {
      LongAdder adder = pending.remove(key);
      if (adder != null) {
        batch.put(key, adder.sum());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      manifests.recordPulls(batch, clock.instant());
    } catch (RuntimeException e) {
      // Pull statistics are advisory; losing one batch must not disturb serving.
      LOG.warn("Could not record {} pull counts: {}", batch.size(), e.getMessage());
    }
  }
}
