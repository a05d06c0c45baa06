package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.DataDirectory;
import dev.berth.engine.EngineConfig;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.h2.H2MetadataStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A data folder opened by a command-line tool while no server runs: it takes the folder's lock
 * (so a running registry makes the tool fail with a clear message instead of corrupting the
 * database) and opens the metadata database.
 */
final class OfflineData implements AutoCloseable {
  private final DataDirectory data;
  private final MetadataStore metadata;

  private OfflineData(DataDirectory data, MetadataStore metadata) {
    this.data = data;
    this.metadata = metadata;
  }

  static OfflineData open(Path dir) throws IOException {
    DataDirectory data = DataDirectory.open(dir == null ? EngineConfig.defaultDataDirectory() : dir.toAbsolutePath().normalize());
    try {
      return new OfflineData(data, H2MetadataStore.open(data.metadata(), new ObjectMapper()));
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  DataDirectory data() {
    return data;
  }

  MetadataStore metadata() {
    return metadata;
  }

  @Override
  public void close() throws IOException {
    try {
      metadata.close();
    } finally {
      data.close();
    }
  }
}
