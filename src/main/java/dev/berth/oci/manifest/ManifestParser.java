package dev.berth.oci.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the parts of a manifest that matter to a registry, and refuses manifests it cannot account
 * for: malformed ones, ones with a key twice, and ones whose shape (index or image) is not the one
 * their media type names.
 *
 * <p>The bytes themselves are never re-serialised: the registry stores and serves exactly what was
 * pushed, because the digest is computed over those bytes.
 */
public final class ManifestParser {

  private final ObjectReader strict;

  public ManifestParser(ObjectMapper json) {
    this.strict =
        json.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * @param content the manifest bytes as pushed
   * @param contentType the request's Content-Type, possibly null or with parameters
   * @throws InvalidManifestException if the manifest is malformed or of an unsupported type
   */
  public ParsedManifest parse(byte[] content, String contentType) {
    JsonNode root = readJson(content);
    if (!root.isObject()) {
      throw new InvalidManifestException("manifest must be a JSON object");
    }
    String mediaType = resolveMediaType(root, baseType(contentType));
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != 2) {
      throw new InvalidManifestException("schemaVersion must be 2");
    }
    Descriptor subject = optionalDescriptor(root, "subject");
    String artifactType = optionalText(root, "artifactType");
    Map<String, String> annotations = stringMap(root.get("annotations"), "annotations");
    if (MediaTypes.INDEXES.contains(mediaType)) {
      requireIndexShape(root, mediaType);
      List<Descriptor> children = descriptorList(root, "manifests");
      return new ParsedManifest(
          mediaType, null, List.of(), children, subject, artifactType, annotations);
    }
    if (root.has("manifests")) {
      throw new InvalidManifestException(
          "an image manifest ("
              + mediaType
              + ") must not list 'manifests';"
              + " push an index with an index media type instead");
    }
    Descriptor config = optionalDescriptor(root, "config");
    if (config == null) {
      throw new InvalidManifestException("an image manifest needs a config descriptor");
    }
    List<Descriptor> layers = descriptorList(root, "layers");
    return new ParsedManifest(
        mediaType, config, layers, List.of(), subject, artifactType, annotations);
  }

  /**
   * An index must say what it indexes and nothing an image says: a body with both shapes reads as
   * one kind to Berth and as the other to a client that goes by the fields it finds.
   */
  private static void requireIndexShape(JsonNode root, String mediaType) {
    JsonNode manifests = root.get("manifests");
    if (manifests == null || !manifests.isArray()) {
      throw new InvalidManifestException("an index (" + mediaType + ") needs a 'manifests' array");
    }
    for (String imageField : List.of("config", "layers")) {
      if (root.has(imageField)) {
        throw new InvalidManifestException(
            "an index lists 'manifests' and must not have '" + imageField + "'");
      }
    }
  }

  /**
   * Parses strictly: a key twice (in any object) or anything after the JSON value is refused, so
   * that every JSON parser a client uses reads the same references as Berth does (Jackson would
   * otherwise keep the last duplicate, other parsers the first).
   */
  private JsonNode readJson(byte[] content) {
    try {
      JsonNode node = strict.readTree(content);
      if (node == null || node.isMissingNode()) {
        throw new InvalidManifestException("manifest is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      if (problem != null && problem.startsWith("Duplicate field")) {
        throw new InvalidManifestException("manifest has a key twice: " + problem);
      }
      throw new InvalidManifestException("manifest is not valid JSON: " + problem);
    } catch (IOException e) {
      throw new InvalidManifestException("manifest could not be read: " + e.getMessage());
    }
  }

  /**
   * The body's {@code mediaType} wins; the Content-Type header must agree with it when both are
   * present (OCI image spec: the field "SHOULD be used" and must match). Without either, the shape
   * tells an OCI index from an OCI manifest.
   */
  private static String resolveMediaType(JsonNode root, String headerType) {
    String bodyType = optionalText(root, "mediaType");
    boolean headerIsManifestType = headerType != null && MediaTypes.isSupportedManifest(headerType);
    if (bodyType != null) {
      if (!MediaTypes.isSupportedManifest(bodyType)) {
        throw new InvalidManifestException("unsupported manifest media type '" + bodyType + "'");
      }
      if (headerIsManifestType && !headerType.equals(bodyType)) {
        throw new InvalidManifestException(
            "Content-Type '"
                + headerType
                + "' does not match the manifest's mediaType '"
                + bodyType
                + "'");
      }
      return bodyType;
    }
    if (headerIsManifestType) {
      return headerType;
    }
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config")) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw new InvalidManifestException(
        "cannot tell the manifest type: set mediaType or a manifest Content-Type");
  }

  static String baseType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static List<Descriptor> descriptorList(JsonNode root, String field) {
    JsonNode array = root.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new InvalidManifestException("'" + field + "' must be an array");
    }
    List<Descriptor> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      result.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return result;
  }

  private static Descriptor optionalDescriptor(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : descriptor(node, field);
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new InvalidManifestException("'" + where + "' must be a descriptor object");
    }
    String mediaType = optionalText(node, "mediaType");
    if (mediaType == null || mediaType.isEmpty()) {
      throw new InvalidManifestException("'" + where + "' has no mediaType");
    }
    JsonNode size = node.get("size");
    if (size == null
        || !size.canConvertToLong()
        || !size.isIntegralNumber()
        || size.longValue() < 0) {
      throw new InvalidManifestException("'" + where + "' needs a non-negative integer size");
    }
    Digest digest;
    try {
      digest = Digest.parse(optionalText(node, "digest"));
    } catch (InvalidDigestException e) {
      throw new InvalidManifestException(
          "'" + where + "' has an invalid digest: " + e.getMessage());
    }
    return new Descriptor(
        mediaType,
        digest,
        size.longValue(),
        optionalText(node, "artifactType"),
        platform(node.get("platform"), where),
        stringMap(node.get("annotations"), where + ".annotations"));
  }

  private static Descriptor.Platform platform(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidManifestException("'" + where + ".platform' must be an object");
    }
    return new Descriptor.Platform(
        optionalText(node, "os"),
        optionalText(node, "architecture"),
        optionalText(node, "variant"));
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidManifestException("'" + field + "' must be a string");
    }
    return value.textValue();
  }

  private static Map<String, String> stringMap(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidManifestException("'" + where + "' must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidManifestException("'" + where + "." + e.getKey() + "' must be a string");
      }
      map.put(e.getKey(), e.getValue().textValue());
    }
    return map;
  }
}
