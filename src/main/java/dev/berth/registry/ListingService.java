package dev.berth.registry;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.List;

/** The sorted, paginated listings of the API: catalog, tags and referrers. */
public interface ListingService {

  Page<RepositoryName> catalog(String after, int limit);

  /**
   * @throws dev.berth.registry.error.RegistryException NAME_UNKNOWN for an unknown repository
   */
  Page<Tag> tags(RepositoryName repository, String after, int limit);

  /**
   * Manifests whose subject is {@code subject}, optionally only those of one artifact type. An
   * unknown subject simply has no referrers (OCI distribution spec, "Listing Referrers").
   */
  List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType);
}
