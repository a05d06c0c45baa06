package dev.berth.browse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image config (OCI image spec, "Image Configuration") says about how the image runs and
 * how it was built. Every field is optional in the spec, so every field here may be empty.
 */
public record ImageConfig(
    String os,
    String architecture,
    Instant created,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    String workingDir,
    String user,
    Map<String, String> labels,
    List<HistoryStep> history) {

  /** One build step; {@code emptyLayer} steps changed metadata only and produced no layer. */
  public record HistoryStep(
      Instant created, String createdBy, String comment, boolean emptyLayer) {}

  public static final ImageConfig EMPTY =
      new ImageConfig("", "", null, List.of(), List.of(), List.of(), "", "", Map.of(), List.of());

  /** Reads the parts above from a parsed config document, ignoring what is missing or odd. */
  public static ImageConfig from(JsonNode root) {
    JsonNode config = root.path("config");
    List<HistoryStep> history = new ArrayList<>();
    for (JsonNode step : root.path("history")) {
      history.add(
          new HistoryStep(
              instant(step.path("created")),
              step.path("created_by").asText(""),
              step.path("comment").asText(""),
              step.path("empty_layer").asBoolean(false)));
    }
    return new ImageConfig(
        root.path("os").asText(""),
        root.path("architecture").asText("") + variant(root),
        instant(root.path("created")),
        strings(config.path("Entrypoint")),
        strings(config.path("Cmd")),
        strings(config.path("Env")),
        config.path("WorkingDir").asText(""),
        config.path("User").asText(""),
        labels(config.path("Labels")),
        history);
  }

  private static String variant(JsonNode root) {
    String variant = root.path("variant").asText("");
    return variant.isEmpty() ? "" : "/" + variant;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      values.add(value.asText());
    }
    return values;
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.put(e.getKey(), e.getValue().asText());
    }
    return labels;
  }

  private static Instant instant(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      return null; // some builders write local times without a zone; not worth failing the view for
    }
  }
}
