package dev.berth.api;

import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_UNKNOWN;

import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.oci.InvalidNameException;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.registry.ManifestService;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ETag;
import io.undertow.util.ETagUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** {@code GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference>} (end-3, end-7, end-9). */
final class ManifestEndpoint {
  private final ManifestService manifests;
  private final ManifestParser parser;

  ManifestEndpoint(ManifestService manifests, ManifestParser parser) {
    this.manifests = manifests;
    this.parser = parser;
  }

  void get(HttpServerExchange exchange, ApiRequest request) {
    RepositoryName repository = request.repository();
    Reference reference = reference(request.parameter(), false);
    boolean isGet = exchange.getRequestMethod().equals(Methods.GET);
    StoredManifest manifest =
        negotiate(
            exchange,
            request,
            reference,
            manifests.get(request.caller(), repository, reference, isGet),
            isGet);
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, manifest.mediaType());
    headers.put(ApiHeaders.CONTENT_DIGEST, manifest.digest().toString());
    headers.put(Headers.ETAG, "\"" + manifest.digest() + "\"");
    if (!ETagUtils.handleIfNoneMatch(
        exchange, new ETag(false, manifest.digest().toString()), false)) {
      Responses.empty(exchange, StatusCodes.NOT_MODIFIED);
      return;
    }
    headers.put(Headers.CONTENT_LENGTH, manifest.size());
    if (isGet) {
      exchange.getResponseSender().send(ByteBuffer.wrap(manifest.content()));
    } else {
      exchange.endExchange();
    }
  }

  /**
   * Content negotiation as registry:2 does it: an OCI manifest or index is served only to clients
   * that accept its type (a wildcard or no Accept header counts), and a client that does not accept
   * Docker manifest lists gets the list's linux/amd64 image instead.
   */
  private StoredManifest negotiate(
      HttpServerExchange exchange,
      ApiRequest request,
      Reference reference,
      StoredManifest manifest,
      boolean isGet) {
    AcceptHeader accept = AcceptHeader.of(exchange);
    if (accept.accepts(manifest.mediaType())) {
      return manifest;
    }
    if (MediaTypes.DOCKER_MANIFEST_LIST.equals(manifest.mediaType())) {
      ParsedManifest list = parser.parse(manifest.content(), manifest.mediaType());
      for (Descriptor child : list.manifests()) {
        Descriptor.Platform p = child.platform();
        if (p != null && "linux".equals(p.os()) && "amd64".equals(p.architecture())) {
          return manifests.get(
              request.caller(),
              request.repository(),
              new Reference.ByDigest(child.digest()),
              isGet);
        }
      }
    }
    if (MediaTypes.DOCKER_MANIFEST.equals(manifest.mediaType())) {
      return manifest; // the oldest type any current client knows; registry:2 no longer converts it
    }
    throw new RegistryException(
        MANIFEST_UNKNOWN,
        "manifest "
            + reference
            + " is a "
            + manifest.mediaType()
            + ", which the request's Accept header does not allow");
  }

  void put(HttpServerExchange exchange, ApiRequest request) throws IOException {
    RepositoryName repository = request.repository();
    Reference reference = reference(request.parameter(), true);
    byte[] content = readLimited(exchange);
    ManifestService.PushResult result =
        manifests.push(
            request.caller(),
            repository,
            reference,
            content,
            exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
    var headers = exchange.getResponseHeaders();
    headers.put(
        Headers.LOCATION,
        Responses.url(exchange, "/v2/" + repository + "/manifests/" + result.digest()));
    headers.put(ApiHeaders.CONTENT_DIGEST, result.digest().toString());
    if (result.subject() != null) {
      headers.put(ApiHeaders.SUBJECT, result.subject().toString());
    }
    Responses.empty(exchange, StatusCodes.CREATED);
  }

  void delete(HttpServerExchange exchange, ApiRequest request) {
    manifests.delete(request.caller(), request.repository(), reference(request.parameter(), false));
    Responses.empty(exchange, StatusCodes.ACCEPTED);
  }

  /** Reads the body, refusing anything over the limit before it is buffered (413). */
  private static byte[] readLimited(HttpServerExchange exchange) throws IOException {
    int max = ManifestService.MAX_MANIFEST_BYTES;
    long declared = exchange.getRequestContentLength();
    if (declared > max) {
      throw tooLarge(declared + " bytes");
    }
    try (InputStream in = exchange.getInputStream()) {
      byte[] content = in.readNBytes(max + 1);
      if (content.length > max) {
        throw tooLarge("more than " + max + " bytes");
      }
      return content;
    }
  }

  private static RegistryException tooLarge(String size) {
    return new RegistryException(
        MANIFEST_INVALID,
        StatusCodes.REQUEST_ENTITY_TOO_LARGE,
        "manifest of "
            + size
            + " exceeds the limit of "
            + ManifestService.MAX_MANIFEST_BYTES
            + " bytes");
  }

  /**
   * Parses the reference in the URL. A malformed tag cannot name an existing manifest (404 on
   * reads) and cannot be stored (400 on push).
   */
  private static Reference reference(String text, boolean forPush) {
    try {
      return Reference.parse(text);
    } catch (InvalidDigestException e) {
      if (forPush && !Digest.hasKnownAlgorithm(text)) {
        // "has:colon" is a bad tag, not a bad digest: a client reading DIGEST_INVALID would look
        // for a hashing problem.
        throw new RegistryException(
            MANIFEST_INVALID,
            "'"
                + abbreviate(text)
                + "' is neither a tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}) nor a digest");
      }
      throw new RegistryException(DIGEST_INVALID, e.getMessage());
    } catch (InvalidNameException e) {
      throw forPush
          ? new RegistryException(MANIFEST_INVALID, e.getMessage())
          : new RegistryException(MANIFEST_UNKNOWN, e.getMessage());
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "…" : text;
  }
}
