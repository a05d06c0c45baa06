package dev.berth.registry2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * registry:2's {@code REGISTRY_*} environment variables, applied to a configuration tree with the
 * rules of distribution's {@code configuration/parser.go}:
 *
 * <ul>
 *   <li>{@code REGISTRY_HTTP_TLS_CERTIFICATE} sets {@code http.tls.certificate}: {@code _}
 *       separates levels, keys match case-insensitively, new keys are lower case (so a key that
 *       contains {@code _} cannot be addressed, as in registry:2);
 *   <li>a number addresses a list item ({@code REGISTRY_NOTIFICATIONS_ENDPOINTS_0_NAME});
 *   <li>values are YAML ({@code true} is a boolean, {@code [nosniff]} a list);
 *   <li>variables apply in sorted name order, and setting a section replaces it: {@code
 *       REGISTRY_AUTH=htpasswd} drops the file's whole {@code auth} section, and the {@code
 *       REGISTRY_AUTH_HTPASSWD_*} variables that sort after it fill the new one in. A section that
 *       is a bare word ({@code auth: htpasswd}) becomes {@code auth: {htpasswd: {}}} when a
 *       variable reaches into it, as registry:2's {@code Auth} and {@code Storage} types read it.
 * </ul>
 */
final class EnvironmentOverrides {
  static final String PREFIX = "REGISTRY_";

  /**
   * Variables with the prefix that are not registry:2 settings: podman, buildah and skopeo read
   * their credentials file from {@code REGISTRY_AUTH_FILE}, so a shell that uses them has it set.
   */
  private static final List<String> NOT_SETTINGS = List.of("REGISTRY_AUTH_FILE");

  private final ObjectMapper yaml;

  EnvironmentOverrides(ObjectMapper yaml) {
    this.yaml = yaml;
  }

  /** The registry:2 variables among {@code environment}, in the order they are applied. */
  static Map<String, String> select(Map<String, String> environment) {
    Map<String, String> selected = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(PREFIX)
              && name.length() > PREFIX.length()
              && !NOT_SETTINGS.contains(name)) {
            selected.put(name, value);
          }
        });
    return selected;
  }

  /** Applies the registry:2 variables of {@code environment} to {@code root}. */
  void apply(ObjectNode root, Map<String, String> environment) {
    select(environment).forEach((name, value) -> set(root, name, path(name), parse(name, value)));
  }

  private static List<String> path(String name) {
    List<String> path = new ArrayList<>();
    for (String part : name.substring(PREFIX.length()).split("_", -1)) {
      if (part.isEmpty()) {
        throw new Registry2ConfigException(
            "the environment variable " + name + " has an empty part between underscores");
      }
      path.add(part.toLowerCase(Locale.ROOT));
    }
    return path;
  }

  private JsonNode parse(String name, String value) {
    try {
      JsonNode node = yaml.readTree(value);
      return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
    } catch (IOException e) {
      // registry:2 refuses such a value too; say which variable, never the value (it may be a
      // password).
      throw new Registry2ConfigException(
          "the environment variable " + name + " is not a valid YAML value");
    }
  }

  private static void set(ObjectNode root, String name, List<String> path, JsonNode value) {
    JsonNode parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = child(parent, path.get(i), path.get(i + 1), name);
    }
    String last = path.get(path.size() - 1);
    if (parent instanceof ArrayNode list) {
      int index = index(last, name);
      while (list.size() <= index) {
        list.addNull();
      }
      list.set(index, value);
    } else {
      ObjectNode object = (ObjectNode) parent;
      object.set(existingKey(object, last), value);
    }
  }

  /**
   * The node at {@code key} below {@code parent}, created (or turned from a bare word into a
   * section) as needed.
   */
  private static JsonNode child(JsonNode parent, String key, String nextKey, String name) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (parent instanceof ArrayNode list) {
      int index = index(key, name);
      while (list.size() <= index) {
        list.addNull();
      }
      JsonNode item = list.get(index);
      if (!item.isContainerNode()) {
        item = isIndex(nextKey) ? nodes.arrayNode() : nodes.objectNode();
        list.set(index, item);
      }
      return item;
    }
    ObjectNode object = (ObjectNode) parent;
    String existing = existingKey(object, key);
    JsonNode node = object.get(existing);
    if (node instanceof TextNode word) {
      ObjectNode section = nodes.objectNode();
      section.set(word.textValue(), nodes.objectNode());
      object.set(existing, section);
      return section;
    }
    if (node == null || !node.isContainerNode()) {
      JsonNode created =
          isIndex(nextKey) && !(node instanceof ObjectNode)
              ? nodes.arrayNode()
              : nodes.objectNode();
      object.set(existing, created);
      return created;
    }
    return node;
  }

  /** Struct fields match whatever case the file used; a new key is lower case. */
  private static String existingKey(ObjectNode object, String key) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(key)) {
        return candidate;
      }
    }
    return key;
  }

  private static boolean isIndex(String part) {
    return part.chars().allMatch(Character::isDigit) && part.length() <= 4;
  }

  private static int index(String part, String name) {
    if (!isIndex(part)) {
      throw new Registry2ConfigException(
          "the environment variable "
              + name
              + " addresses a list with '"
              + part
              + "', which is not an index such as 0");
    }
    return Integer.parseInt(part);
  }
}
