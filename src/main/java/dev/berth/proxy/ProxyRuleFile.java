package dev.berth.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules the app and {@code serve} share, in {@code <data>/proxy.json} (owner-only):
 *
 * <pre>
 * {"defaultMirror": "hub",
 *  "rules": [{"prefix": "hub", "upstream": "https://registry-1.docker.io", "ttlSeconds": 600,
 *             "libraryNames": true, "sizeLimit": 0}]}
 * </pre>
 *
 * Credentials never go here; see {@link UpstreamCredentials}.
 */
public final class ProxyRuleFile {
  public static final String FILE_NAME = "proxy.json";
  private final PrivateJsonFile file;

  public ProxyRuleFile(Path dataDirectory, ObjectMapper json) {
    this.file = new PrivateJsonFile(dataDirectory.resolve(FILE_NAME), json);
  }

  public ProxyRules read() throws IOException {
    Optional<JsonNode> root = file.read();
    if (root.isEmpty()) {
      return ProxyRules.NONE;
    }
    List<ProxyRule> rules = new ArrayList<>();
    for (JsonNode r : root.get().path("rules")) {
      try {
        rules.add(
            new ProxyRule(
                r.path("prefix").asText(),
                URI.create(r.path("upstream").asText()),
                Duration.ofSeconds(r.path("ttlSeconds").asLong(ProxyRule.DEFAULT_TTL.toSeconds())),
                r.path("libraryNames").asBoolean(false),
                r.path("sizeLimit").asLong(0)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file.path() + " holds a rule Berth cannot use: " + e.getMessage(), e);
      }
    }
    String mirror = root.get().path("defaultMirror").asText("");
    try {
      return new ProxyRules(rules, mirror.isEmpty() ? Optional.empty() : Optional.of(mirror));
    } catch (IllegalArgumentException e) {
      throw new IOException(file.path() + ": " + e.getMessage(), e);
    }
  }

  public void write(ProxyRules rules) throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ProxyRule r : rules.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("prefix", r.prefix());
      m.put("upstream", r.upstream().toString());
      m.put("ttlSeconds", r.ttl().toSeconds());
      m.put("libraryNames", r.libraryNames());
      m.put("sizeLimit", r.sizeLimit());
      list.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    rules.defaultMirror().ifPresent(d -> root.put("defaultMirror", d));
    root.put("rules", list);
    file.write(root);
  }
}
