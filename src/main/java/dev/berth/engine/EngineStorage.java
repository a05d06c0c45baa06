package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.check.StorageCheck;
import dev.berth.events.RegistryEvents;
import dev.berth.gc.GarbageCollector;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.h2.H2MetadataStore;
import dev.berth.registry.UploadJanitor;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A data folder opened for use: locked, its blob store and metadata open, and left consistent by
 * crash recovery (interrupted GC deletions restored, interrupted uploads reconciled). Both the
 * server and the offline tools ({@code gc --data}) start from here.
 */
public final class EngineStorage implements AutoCloseable {
  private final DataDirectory data;
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final GarbageCollector garbageCollector;
  private final StorageCheck check;

  private EngineStorage(
      DataDirectory data,
      MetadataStore metadata,
      BlobStore blobs,
      GarbageCollector gc,
      StorageCheck check) {
    this.data = data;
    this.metadata = metadata;
    this.blobs = blobs;
    this.garbageCollector = gc;
    this.check = check;
  }

  /** For tools that run without an engine: nobody listens to their events. */
  public static EngineStorage open(Path directory, ObjectMapper json, Clock clock)
      throws IOException {
    return open(directory, json, clock, RegistryEvents.NONE);
  }

  public static EngineStorage open(
      Path directory, ObjectMapper json, Clock clock, RegistryEvents events) throws IOException {
    DataDirectory data = DataDirectory.open(directory);
    MetadataStore metadata = null;
    BlobStore blobs = null;
    try {
      blobs = new FileSystemBlobStore(data.storage());
      metadata = H2MetadataStore.open(data.metadata(), json, clock);
      GarbageCollector gc = new GarbageCollector(metadata, blobs, events, clock);
      gc.finishDeletions();
      new UploadJanitor(blobs.uploads(), metadata.uploads()).reconcile();
      return new EngineStorage(
          data, metadata, blobs, gc, new StorageCheck(metadata.integrity(), blobs, clock));
    } catch (IOException | RuntimeException e) {
      if (metadata != null) {
        metadata.close();
      }
      if (blobs != null) {
        blobs.close();
      }
      data.close();
      throw e;
    }
  }

  public Path root() {
    return data.root();
  }

  /** The locked data folder, for components that keep files of their own there (keys, TLS). */
  public DataDirectory data() {
    return data;
  }

  public MetadataStore metadata() {
    return metadata;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public GarbageCollector garbageCollector() {
    return garbageCollector;
  }

  /**
   * The scrub of blobs and manifests against their digests ({@code berth check}, the app's Storage
   * view).
   */
  public StorageCheck check() {
    return check;
  }

  @Override
  public void close() throws IOException {
    try (data;
        blobs) {
      metadata.close();
    }
  }
}
