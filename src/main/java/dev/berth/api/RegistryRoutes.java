package dev.berth.api;

import static dev.berth.api.access.AccessScope.Action.DELETE;
import static dev.berth.api.access.AccessScope.Action.PULL;
import static dev.berth.api.access.AccessScope.Action.PUSH;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.gc.GarbageCollector;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.OutboxMetadata;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.registry.RegistryServices;
import io.undertow.util.Methods;
import java.util.Optional;
import java.util.function.Function;

/** The registry API's routing table, on one screen. */
public final class RegistryRoutes {
  private static final String NAME = "/v2/(.+)";

  private RegistryRoutes() {}

  /** What the routes need: the services, the authorization hook and a setting. */
  public record Services(
      RegistryServices registry,
      ManifestParser parser,
      GarbageCollector gc,
      GcMetadata gcMetadata,
      AccessController access,
      ObjectMapper json,
      long chunkMinLength,
      Optional<OutboxMetadata> outbox) {}

  public static RegistryRouter create(Services s) {
    BaseEndpoint base = new BaseEndpoint();
    BlobEndpoint blob = new BlobEndpoint(s.registry().blobs());
    UploadEndpoint upload =
        new UploadEndpoint(s.registry().uploads(), s.access(), s.chunkMinLength());
    ManifestEndpoint manifest = new ManifestEndpoint(s.registry().manifests(), s.parser());
    ListingEndpoints listing = new ListingEndpoints(s.registry().listings(), s.json());
    AdminEndpoints admin =
        new AdminEndpoints(s.gc(), s.gcMetadata(), s.registry().repositories(), s.json());
    EventFeedEndpoint events = new EventFeedEndpoint(s.outbox(), s.json());

    String uploads = NAME + "/blobs/uploads/?";
    String uploadSession = NAME + "/blobs/uploads/([^/]+)";
    String blobs = NAME + "/blobs/([^/]+)";
    String manifests = NAME + "/manifests/([^/]+)";
    String tags = NAME + "/tags/list";
    String referrers = NAME + "/referrers/([^/]+)";

    RegistryRouter.Builder r =
        RegistryRouter.builder(s.access())
            .add("the API base", "/v2/?", false, Methods.GET, req -> AccessScope.base(), base::get)
            .add("the API base", "/v2/?", false, Methods.HEAD, req -> AccessScope.base(), base::get)
            .add(
                "the catalog",
                "/v2/_catalog",
                false,
                Methods.GET,
                req -> AccessScope.catalog(),
                listing::catalog)
            .add("blob uploads", uploads, true, Methods.POST, scope(PULL, PUSH), upload::post)
            .add("a blob upload", uploadSession, true, Methods.GET, scope(PULL, PUSH), upload::get)
            .add(
                "a blob upload",
                uploadSession,
                true,
                Methods.PATCH,
                scope(PULL, PUSH),
                upload::patch)
            .add("a blob upload", uploadSession, true, Methods.PUT, scope(PULL, PUSH), upload::put)
            .add(
                "a blob upload",
                uploadSession,
                true,
                Methods.DELETE,
                scope(PULL, PUSH),
                upload::delete)
            .add("a blob", blobs, true, Methods.GET, scope(PULL), blob::get)
            .add("a blob", blobs, true, Methods.HEAD, scope(PULL), blob::get)
            .add("a manifest", manifests, true, Methods.GET, scope(PULL), manifest::get)
            .add("a manifest", manifests, true, Methods.HEAD, scope(PULL), manifest::get)
            .add("a manifest", manifests, true, Methods.PUT, scope(PULL, PUSH), manifest::put)
            .add("the tag list", tags, true, Methods.GET, scope(PULL), listing::tags)
            .add("referrers", referrers, true, Methods.GET, scope(PULL), listing::referrers)
            // Berth's own administration API
            .add(
                "garbage collection",
                "/berth/v1/gc",
                false,
                Methods.POST,
                req -> AccessScope.admin(),
                admin::runGc)
            .add(
                "garbage collection runs",
                "/berth/v1/gc/runs",
                false,
                Methods.GET,
                req -> AccessScope.admin(),
                admin::gcRuns)
            .add(
                "the event outbox",
                "/berth/v1/events",
                false,
                Methods.GET,
                req -> AccessScope.admin(),
                events::get);
    // Deletion is always routed; the use cases refuse it (405 UNSUPPORTED) when it is turned off,
    // so the API, the admin API and the app follow one rule (DeletionPolicy).
    r.add("a blob", blobs, true, Methods.DELETE, scope(DELETE), blob::delete)
        .add("a manifest", manifests, true, Methods.DELETE, scope(DELETE), manifest::delete)
        .add(
            "a repository",
            "/berth/v1/repositories/(.+)",
            true,
            Methods.DELETE,
            req -> AccessScope.admin(),
            admin::deleteRepository);
    return r.build();
  }

  private static Function<ApiRequest, AccessScope> scope(AccessScope.Action... actions) {
    return request -> AccessScope.repository(request.repository(), actions);
  }
}
