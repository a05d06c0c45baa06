package dev.berth.metadata.h2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataStoreContract;
import java.nio.file.Path;
import java.time.Clock;

/** The embedded H2 store keeps the metadata contract. */
class H2MetadataStoreContractTest extends MetadataStoreContract {
  @Override
  protected MetadataStore open(Path folder, ObjectMapper json, Clock clock) {
    return H2MetadataStore.open(folder, json, clock);
  }
}
