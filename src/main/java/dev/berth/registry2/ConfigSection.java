package dev.berth.registry2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the configuration tree, read key by key. Every key read is remembered, so that
 * whatever nobody read can be named afterwards ({@link #unread}) instead of being silently ignored.
 */
final class ConfigSection {
  private final String path;
  private final ObjectNode node;
  private final Set<String> read = new LinkedHashSet<>();
  private final List<ConfigSection> children = new ArrayList<>();
  private final List<String> alsoUnread = new ArrayList<>();

  ConfigSection(String path, JsonNode node) {
    this.path = path;
    if (node == null || node.isNull()) {
      this.node = JsonNodeFactory.instance.objectNode();
    } else if (node instanceof ObjectNode object) {
      this.node = object;
    } else {
      throw new Registry2ConfigException(
          "'" + path + "' must be a mapping of settings, not '" + node.asText() + "'");
    }
  }

  String path() {
    return path;
  }

  boolean isEmpty() {
    return node.isEmpty();
  }

  /** The keys of this mapping, as written. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Marks a key as handled without reading a value (its whole subtree counts as read). */
  Optional<JsonNode> take(String key) {
    String actual = actualKey(key);
    if (actual == null) {
      return Optional.empty();
    }
    read.add(actual);
    JsonNode value = node.get(actual);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /** Whether the key is present, without reading it. */
  boolean has(String key) {
    return actualKey(key) != null;
  }

  Optional<String> text(String key) {
    return take(key)
        .map(
            v -> {
              if (!v.isValueNode()) {
                throw new Registry2ConfigException("'" + child(key) + "' must be a single value");
              }
              return v.asText();
            });
  }

  Optional<Boolean> bool(String key) {
    return take(key)
        .map(
            v -> {
              if (v.isBoolean()) {
                return v.booleanValue();
              }
              String s = v.asText().toLowerCase(Locale.ROOT);
              if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
              }
              throw new Registry2ConfigException(
                  "'" + child(key) + "' must be true or false, not '" + v.asText() + "'");
            });
  }

  Optional<Duration> duration(String key) {
    return take(key)
        .map(
            v -> {
              try {
                return v.isIntegralNumber()
                    ? Duration.ofNanos(v.longValue())
                    : GoDuration.parse(v.asText());
              } catch (IllegalArgumentException e) {
                throw new Registry2ConfigException("'" + child(key) + "': " + e.getMessage());
              }
            });
  }

  /** A nested mapping; a missing one reads as empty. */
  ConfigSection section(String key) {
    ConfigSection section = new ConfigSection(child(key), take(key).orElse(null));
    children.add(section);
    return section;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Reports keys of a mapping read apart from this tree (e.g. rebuilt from a bare word) as unread.
   */
  void markIgnored(List<String> paths) {
    alsoUnread.addAll(paths);
  }

  /** Full paths of every key below this mapping that nobody read, top-most only. */
  List<String> unread() {
    List<String> unread = new ArrayList<>(alsoUnread);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!read.contains(key)) {
        unread.add(child(key));
      }
    }
    for (ConfigSection c : children) {
      unread.addAll(c.unread());
    }
    return unread;
  }

  private String actualKey(String key) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(key)) {
        return candidate;
      }
    }
    return null;
  }
}
