package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.ListingService;
import dev.berth.registry.Page;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The listings: {@code _catalog} (end-?), tags (end-8a/8b) and referrers (end-12a/12b). */
final class ListingEndpoints {
  /** Page size when the client gives no {@code n}, as registry:2's catalog does. */
  static final int DEFAULT_PAGE = 1000;

  /** The most entries one response carries; larger {@code n} are clamped and linked onward. */
  static final int MAX_PAGE = 10_000;

  private final ListingService listings;
  private final ObjectMapper json;

  ListingEndpoints(ListingService listings, ObjectMapper json) {
    this.listings = listings;
    this.json = json;
  }

  record CatalogBody(List<String> repositories) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record DescriptorBody(
      String mediaType,
      String digest,
      long size,
      String artifactType,
      Map<String, String> annotations) {
    static DescriptorBody of(Descriptor d) {
      return new DescriptorBody(
          d.mediaType(), d.digest().toString(), d.size(), d.artifactType(), d.annotations());
    }
  }

  record IndexBody(int schemaVersion, String mediaType, List<DescriptorBody> manifests) {}

  void catalog(HttpServerExchange exchange, ApiRequest request) throws IOException {
    Pagination pagination = Pagination.from(exchange, DEFAULT_PAGE, MAX_PAGE);
    Page<RepositoryName> page = listings.catalog(pagination.last(), pagination.limit());
    pagination.linkNext(exchange, page);
    sendJson(
        exchange,
        "application/json",
        new CatalogBody(page.items().stream().map(RepositoryName::value).toList()));
  }

  void tags(HttpServerExchange exchange, ApiRequest request) throws IOException {
    Pagination pagination = Pagination.from(exchange, MAX_PAGE, MAX_PAGE);
    Page<Tag> page = listings.tags(request.repository(), pagination.last(), pagination.limit());
    pagination.linkNext(exchange, page);
    send(exchange, "application/json", TagListBody.of(request.repository(), page.items()));
  }

  void referrers(HttpServerExchange exchange, ApiRequest request) throws IOException {
    Digest subject = Digests.parse(request.parameter());
    String artifactType = QueryParameters.first(exchange, "artifactType");
    List<Descriptor> referrers = listings.referrers(request.repository(), subject, artifactType);
    if (artifactType != null) {
      exchange.getResponseHeaders().put(ApiHeaders.FILTERS_APPLIED, "artifactType");
    }
    sendJson(
        exchange,
        MediaTypes.OCI_INDEX,
        new IndexBody(
            2, MediaTypes.OCI_INDEX, referrers.stream().map(DescriptorBody::of).toList()));
  }

  private void sendJson(HttpServerExchange exchange, String contentType, Object body)
      throws IOException {
    send(exchange, contentType, json.writeValueAsBytes(body));
  }

  private static void send(HttpServerExchange exchange, String contentType, byte[] bytes) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }
}
