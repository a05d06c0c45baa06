package dev.berth.browse;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

/** Tells cached repositories (copies of an upstream's) from the registry's own. */
@FunctionalInterface
public interface CacheOrigins {
  CacheOrigins NONE = repository -> Optional.empty();

  Optional<CacheOrigin> originOf(RepositoryName repository);
}
