package dev.berth.registry2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.PublicAddressSettings;
import dev.berth.json.Json;
import dev.berth.registry2.Registry2Settings.Auth;
import dev.berth.registry2.Registry2Settings.HtpasswdAuth;
import dev.berth.registry2.Registry2Settings.NoAuth;
import dev.berth.registry2.Registry2Settings.Proxy;
import dev.berth.registry2.Registry2Settings.TlsFiles;
import dev.berth.registry2.Registry2Settings.TokenAuth;
import dev.berth.registry2.Registry2Settings.UploadPurging;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads registry:2's configuration (version 0.1, {@code config.yml}) and its {@code REGISTRY_*}
 * environment overrides into {@link Registry2Settings}. Settings whose absence would change
 * security (an {@code auth} kind Berth does not have, client certificates, Let's Encrypt) stop here
 * with a {@link Registry2ConfigException}; everything else Berth does not act on is collected for
 * the warning.
 */
public final class Registry2Configuration {
  /** {@code storage} keys that are not a driver (distribution's {@code Storage.Type}). */
  private static final Set<String> STORAGE_OPTIONS =
      Set.of("maintenance", "cache", "delete", "redirect", "tag");

  private static final Set<String> LOG_LEVELS =
      Set.of("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace");

  private final ObjectMapper yaml = Json.mapper(new YAMLFactory());

  /** Whether {@code environment} holds any registry:2 setting. */
  public static boolean presentIn(Map<String, String> environment) {
    return !EnvironmentOverrides.select(environment).isEmpty();
  }

  /**
   * @param file the configuration file, or empty for the environment alone
   * @param environment the process environment; its {@code REGISTRY_*} variables override the file
   */
  public Registry2Settings read(Optional<Path> file, Map<String, String> environment)
      throws IOException {
    ObjectNode root =
        file.isPresent() ? readFile(file.get()) : JsonNodeFactory.instance.objectNode();
    new EnvironmentOverrides(yaml).apply(root, environment);
    return interpret(root);
  }

  private ObjectNode readFile(Path file) throws IOException {
    JsonNode node;
    try {
      node = yaml.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Only where: the parser's own message quotes the line, which may hold a password.
      var at = e.getLocation();
      throw new Registry2ConfigException(
          file
              + " is not valid YAML"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new Registry2ConfigException(file + " must be a YAML mapping of registry:2 settings");
    }
    return object;
  }

  private static Registry2Settings interpret(ObjectNode tree) {
    ConfigSection root = new ConfigSection("", tree);
    root.text("version")
        .ifPresent(
            v -> {
              if (!v.equals("0.1")) {
                throw new Registry2ConfigException(
                    "version " + v + " is not a registry:2 configuration version (0.1)");
              }
            });
    List<String> notYet = new ArrayList<>();

    ConfigSection http = root.section("http");
    Optional<String> address = http.text("addr").map(Registry2Configuration::checkedAddress);
    http.text("net")
        .ifPresent(
            net -> {
              if (!net.equalsIgnoreCase("tcp")) {
                throw new Registry2ConfigException(
                    "http.net: " + net + " is not supported; Berth listens on TCP (http.addr)");
              }
            });
    Optional<URI> host = http.text("host").map(Registry2Configuration::checkedHost);
    Optional<TlsFiles> tls = tls(http.section("tls"));
    Map<String, List<String>> headers = headers(http.section("headers"));

    Auth auth = auth(root);

    Storage storage = storage(root.section("storage"));

    Optional<Proxy> proxy = proxy(root.section("proxy"), notYet);
    ConfigSection notifications = root.section("notifications");
    for (String key : notifications.keys()) {
      notifications.take(key);
      notYet.add(notifications.child(key));
    }

    Optional<String> logLevel = logLevel(root.section("log").text("level"), "log.level");
    Optional<String> oldLevel = logLevel(root.text("loglevel"), "loglevel");

    return new Registry2Settings(
        address,
        host,
        tls,
        headers,
        auth,
        storage.root,
        storage.delete,
        storage.purging,
        storage.readOnly,
        proxy,
        logLevel.or(() -> oldLevel),
        root.unread(),
        notYet);
  }

  private static String checkedAddress(String addr) {
    try {
      ListenAddress.parse(addr);
      return addr;
    } catch (IllegalArgumentException e) {
      throw new Registry2ConfigException("http.addr: " + e.getMessage());
    }
  }

  private static URI checkedHost(String host) {
    try {
      return PublicAddressSettings.parseUrl(host);
    } catch (IllegalArgumentException e) {
      throw new Registry2ConfigException("http.host: " + e.getMessage());
    }
  }

  private static Optional<TlsFiles> tls(ConfigSection tls) {
    for (String refused : List.of("clientcas", "clientauth")) {
      if (tls.has(refused)) {
        throw new Registry2ConfigException(
            "http.tls."
                + refused
                + " (client certificates) is not supported: Berth would"
                + " let in clients without a certificate. Use auth.htpasswd or auth.token instead.");
      }
    }
    if (tls.has("letsencrypt")) {
      throw new Registry2ConfigException(
          "http.tls.letsencrypt is not supported: give Berth the certificate and key files"
              + " (http.tls.certificate and http.tls.key), e.g. those certbot writes");
    }
    tls.text("minimumtls")
        .ifPresent(
            min -> {
              // Berth offers TLS 1.2 and 1.3 only, so any lower minimum is met; a higher one is
              // not.
              if (min.toLowerCase(Locale.ROOT).equals("tls1.3")) {
                throw new Registry2ConfigException(
                    "http.tls.minimumtls: tls1.3 is not supported; Berth offers TLS 1.2 and 1.3");
              }
            });
    Optional<String> certificate = tls.text("certificate");
    Optional<String> key = tls.text("key");
    if (certificate.isPresent() != key.isPresent()) {
      throw new Registry2ConfigException("http.tls.certificate and http.tls.key go together");
    }
    return certificate.map(c -> new TlsFiles(Path.of(c), Path.of(key.get())));
  }

  private static Map<String, List<String>> headers(ConfigSection headers) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String name : headers.keys()) {
      JsonNode value = headers.take(name).orElse(null);
      List<String> values = new ArrayList<>();
      if (value != null && value.isArray()) {
        value.forEach(v -> values.add(v.asText()));
      } else if (value != null) {
        values.add(value.asText());
      }
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
          || values.stream().anyMatch(v -> v.matches(".*[\\r\\n\\x00].*"))) {
        throw new Registry2ConfigException("http.headers." + name + " is not a valid HTTP header");
      }
      result.put(name, values);
    }
    return result;
  }

  private static Auth auth(ConfigSection root) {
    Optional<JsonNode> node = root.take("auth");
    if (node.isEmpty()) {
      return new NoAuth();
    }
    ConfigSection auth;
    if (node.get().isTextual()) {
      // auth: htpasswd, as REGISTRY_AUTH=htpasswd leaves it: the kind without parameters.
      ObjectNode expanded = JsonNodeFactory.instance.objectNode();
      expanded.set(node.get().textValue(), JsonNodeFactory.instance.objectNode());
      auth = new ConfigSection("auth", expanded);
    } else {
      auth = new ConfigSection("auth", node.get());
    }
    List<String> kinds = auth.keys();
    if (kinds.isEmpty()) {
      return new NoAuth();
    }
    if (kinds.size() > 1) {
      throw new Registry2ConfigException(
          "auth names "
              + kinds.size()
              + " kinds ("
              + String.join(", ", kinds)
              + "); registry:2 and Berth take exactly one");
    }
    String kind = kinds.get(0);
    ConfigSection settings = auth.section(kind);
    Auth result =
        switch (kind.toLowerCase(Locale.ROOT)) {
          case "htpasswd" ->
              new HtpasswdAuth(required(settings, "realm"), Path.of(required(settings, "path")));
          case "token" ->
              new TokenAuth(
                  url(settings, "realm"),
                  required(settings, "service"),
                  required(settings, "issuer"),
                  Path.of(required(settings, "rootcertbundle")));
          case "silly" ->
              throw new Registry2ConfigException(
                  "auth.silly is registry:2's development stub, which lets in anyone"
                      + " who sends any Authorization header; Berth does not offer it. Use auth.htpasswd or auth.token.");
          default ->
              throw new Registry2ConfigException(
                  "auth."
                      + kind
                      + " is not an authentication Berth supports (htpasswd,"
                      + " token); starting without it would let everyone in");
        };
    List<String> extra = settings.unread();
    if (!extra.isEmpty()) {
      // autoredirect, jwks, signingalgorithms…: nothing that lets in more than the checked keys do.
      root.markIgnored(extra);
    }
    return result;
  }

  private static String required(ConfigSection section, String key) {
    return section
        .text(key)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new Registry2ConfigException(section.child(key) + " must be set"));
  }

  private static URI url(ConfigSection section, String key) {
    String text = required(section, key);
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null
          || !uri.getScheme().matches("(?i)https?")
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new Registry2ConfigException(
          section.child(key) + ": '" + text + "' is not an http(s) URL");
    }
  }

  private record Storage(
      Optional<Path> root, boolean delete, UploadPurging purging, boolean readOnly) {}

  private static Storage storage(ConfigSection storage) {
    List<String> drivers =
        storage.keys().stream()
            .filter(k -> !STORAGE_OPTIONS.contains(k.toLowerCase(Locale.ROOT)))
            .toList();
    if (drivers.size() > 1) {
      throw new Registry2ConfigException(
          "storage names "
              + drivers.size()
              + " drivers ("
              + String.join(", ", drivers)
              + "); registry:2 and Berth take exactly one");
    }
    Optional<Path> root = Optional.empty();
    if (drivers.size() == 1) {
      String driver = drivers.get(0);
      if (!driver.equalsIgnoreCase("filesystem")) {
        throw new Registry2ConfigException(
            "storage."
                + driver
                + " is not supported: Berth keeps blobs in a folder"
                + " (storage.filesystem.rootdirectory)");
      }
      root = storage.section(driver).text("rootdirectory").map(Path::of);
    }
    boolean delete = storage.section("delete").bool("enabled").orElse(false);
    ConfigSection maintenance = storage.section("maintenance");
    ConfigSection purging = maintenance.section("uploadpurging");
    UploadPurging d = UploadPurging.DEFAULT;
    UploadPurging uploadPurging =
        new UploadPurging(
            purging.bool("enabled").orElse(d.enabled()),
            purging.duration("age").orElse(d.age()),
            purging.duration("interval").orElse(d.interval()),
            purging.bool("dryrun").orElse(d.dryRun()));
    if (uploadPurging.enabled()
        && (uploadPurging.interval().isZero() || uploadPurging.interval().isNegative())) {
      throw new Registry2ConfigException(
          "storage.maintenance.uploadpurging.interval must be longer than 0");
    }
    boolean readOnly = maintenance.section("readonly").bool("enabled").orElse(false);
    return new Storage(root, delete, uploadPurging, readOnly);
  }

  private static Optional<Proxy> proxy(ConfigSection proxy, List<String> notYet) {
    if (proxy.isEmpty()) {
      return Optional.empty();
    }
    Proxy settings =
        new Proxy(
            url(proxy, "remoteurl"),
            proxy.text("username"),
            proxy.text("password"),
            proxy.duration("ttl"));
    proxy.keys().forEach(proxy::take);
    return Optional.of(settings);
  }

  private static Optional<String> logLevel(Optional<String> level, String key) {
    return level.map(
        l -> {
          if (!LOG_LEVELS.contains(l.toLowerCase(Locale.ROOT))) {
            throw new Registry2ConfigException(
                key + ": '" + l + "' is not a log level (error, warn, info, debug)");
          }
          return l.toLowerCase(Locale.ROOT);
        });
  }
}
