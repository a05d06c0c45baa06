package dev.berth.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.browse.CacheOrigin;
import dev.berth.browse.CacheOrigins;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.MirrorNamespaces;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull-through cache's state and its management: the rules in effect (those of {@code
 * proxy.json} with {@code serve}'s command-line rules over them), one upstream client per rule, the
 * statistics and the tag revalidation times. The caching services ask it where a name comes from;
 * the app changes rules through it, and they apply to the next request.
 */
public final class ProxyCache implements MirrorNamespaces, CacheOrigins, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyCache.class);

  private final ProxyRuleFile file;
  private final UpstreamCredentials credentials;
  private final ProxySettings commandLine;
  private final MetadataStore metadata;
  private final ObjectMapper json;
  private final TokenCache tokens;
  private final Map<ProxyRule, UpstreamClient> clients = new ConcurrentHashMap<>();
  private final ProxyStatistics statistics;
  private final TagRevalidations revalidations;
  private final BlobFetches fetches;
  private final CacheEviction eviction;
  private volatile ProxyRules stored;
  private volatile ProxyRules effective;

  public ProxyCache(
      Path dataDirectory,
      ProxySettings commandLine,
      BlobStore blobs,
      MetadataStore metadata,
      RegistryEvents events,
      ObjectMapper json,
      Clock clock)
      throws IOException {
    this.file = new ProxyRuleFile(dataDirectory, json);
    this.credentials = new UpstreamCredentials(dataDirectory, json);
    this.commandLine = commandLine;
    this.metadata = metadata;
    this.json = json;
    this.tokens = new TokenCache(clock);
    this.statistics = new ProxyStatistics(clock);
    this.revalidations = new TagRevalidations(metadata.proxy(), clock);
    this.eviction = new CacheEviction(metadata, events, clock);
    this.fetches =
        new BlobFetches(
            dataDirectory.resolve("proxy-fetching"),
            blobs,
            metadata,
            name -> eviction.enforce(name.rule(), name.cacheName()));
    apply(file.read());
    if (!effective.isEmpty()) {
      LOG.info("Pull-through cache: {}", describe(effective));
    }
  }

  private static String describe(ProxyRules rules) {
    return String.join(
        ", ",
        rules.rules().stream()
            .map(
                r ->
                    r.prefix()
                        + "/ → "
                        + r.upstream()
                        + (rules.defaultMirror().filter(r.prefix()::equals).isPresent()
                            ? " (default mirror)"
                            : ""))
            .toList());
  }

  private void apply(ProxyRules fromFile) {
    ProxyRules merged = fromFile;
    for (ProxyRule rule : commandLine.rules()) {
      merged = merged.with(rule);
    }
    if (commandLine.defaultMirror().isPresent()) {
      merged = merged.withDefaultMirror(commandLine.defaultMirror());
    }
    this.stored = fromFile;
    this.effective = merged;
  }

  // --- for the caching services ---

  /** Where {@code name} comes from, if it is (or would be) a cached copy. */
  Optional<ProxiedName> route(RepositoryName name) {
    ProxyRules rules = effective;
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    return rules.route(name, metadata.repositories()::exists);
  }

  /** The prefix rule {@code name} lies under: pushes there are refused. */
  Optional<ProxyRule> prefixOf(RepositoryName name) {
    return effective.prefixOf(name);
  }

  UpstreamClient client(ProxyRule rule) {
    return clients.computeIfAbsent(
        rule,
        r ->
            new UpstreamClient(
                r, () -> login(r.prefix()), tokens, json, commandLine.timeouts(), null));
  }

  private Optional<UpstreamCredentials.Login> login(String prefix) {
    UpstreamCredentials.Login given = commandLine.logins().get(prefix);
    return given != null ? Optional.of(given) : credentials.forPrefix(prefix);
  }

  ProxyStatistics statistics() {
    return statistics;
  }

  TagRevalidations revalidations() {
    return revalidations;
  }

  /** A cached repository was pulled from (for least-recently-pulled eviction). */
  void pulled(RepositoryName cached) {
    eviction.pulled(cached);
  }

  BlobFetches fetches() {
    return fetches;
  }

  @Override
  public Optional<String> repositoryFor(String ns, String name) {
    return effective.forNamespace(ns).map(rule -> rule.prefix() + "/" + name);
  }

  @Override
  public Optional<String> refusal(String ns, String name) {
    ProxyRules rules = effective;
    if (rules.defaultMirror().isEmpty() || rules.forNamespace(ns).isPresent()) {
      return Optional.empty();
    }
    RepositoryName repository;
    try {
      repository = RepositoryName.parse(name);
    } catch (RuntimeException invalid) {
      return Optional.empty(); // the route itself answers NAME_INVALID
    }
    if (metadata.repositories().exists(repository)) {
      return Optional.empty(); // our own repository: serving it for any registry is what was asked
    }
    return Optional.of(
        "no pull-through rule stands for registry "
            + ns
            + ", and the default mirror would answer with "
            + "another registry's "
            + name);
  }

  // --- management: the app and the command line ---

  /** The rules in effect. */
  public ProxyRules rules() {
    return effective;
  }

  /**
   * Whether a rule came from {@code serve}'s command line (it cannot be changed in the app then).
   */
  public boolean fromCommandLine(String prefix) {
    return commandLine.rules().stream().anyMatch(r -> r.prefix().equals(prefix));
  }

  /** Adds or replaces a rule in {@code proxy.json}; applies at once. */
  public synchronized void save(ProxyRule rule) throws IOException {
    if (effective.rule(rule.prefix()).isEmpty()) {
      refuseIfOurRepositoriesLieUnder(rule.prefix());
    }
    ProxyRules next = stored.with(rule);
    file.write(next);
    apply(next);
  }

  /**
   * A new rule must not take over repositories pushed here: they would be answered from the
   * upstream from then on, refuse pushes, and fall to the rule's size limit.
   */
  private void refuseIfOurRepositoriesLieUnder(String prefix) {
    String start = prefix + "/";
    metadata.repositories().list(start, 1).stream()
        .filter(name -> name.value().startsWith(start))
        .findFirst()
        .ifPresent(
            name -> {
              throw new IllegalArgumentException(
                  "The prefix "
                      + start
                      + " already holds repositories of this registry (such as "
                      + name
                      + "): a cache rule there would hide them behind the upstream. Choose another"
                      + " prefix.");
            });
  }

  /**
   * Removes a rule from {@code proxy.json} (and its stored login); its cached copies stay until
   * deleted.
   */
  public synchronized void remove(String prefix) throws IOException {
    ProxyRules next = stored.without(prefix);
    file.write(next);
    credentials.remove(prefix);
    apply(next);
  }

  public synchronized void setDefaultMirror(Optional<String> prefix) throws IOException {
    ProxyRules next = stored.withDefaultMirror(prefix);
    file.write(next);
    apply(next);
  }

  /** Stores the upstream login of a rule (owner-only, never shown back). */
  public void login(String prefix, UpstreamCredentials.Login login) throws IOException {
    credentials.save(prefix, login);
    tokens.clear();
  }

  public boolean hasLogin(String prefix) {
    return login(prefix).isPresent();
  }

  /** What the upstream answers to {@code GET /v2/}, in words. */
  public String testConnection(ProxyRule rule) {
    return client(rule).probe();
  }

  public RuleStatistics statistics(String prefix) {
    return statistics.snapshot(prefix);
  }

  /**
   * When a cached repository's tags were last confirmed with the upstream (since start), if ever.
   */
  public Optional<Instant> lastRevalidation(RepositoryName cached) {
    return revalidations.lastRevalidation(cached);
  }

  @Override
  public Optional<CacheOrigin> originOf(RepositoryName repository) {
    return prefixOf(repository)
        .map(
            rule ->
                new CacheOrigin(
                    rule.prefix(),
                    rule.upstream(),
                    repository.value().substring(rule.prefix().length() + 1),
                    revalidations.lastRevalidation(repository)));
  }

  /** The rule a stored repository is a cached copy for, if any. */
  public Optional<ProxyRule> ruleOf(RepositoryName stored) {
    return prefixOf(stored);
  }

  /** Bytes of the blobs the rule's cached repositories link (each counted once per repository). */
  public long cachedBytes(String prefix) {
    return eviction.repositories(prefix).stream().mapToLong(r -> r.totalBytes()).sum();
  }

  /** How many repositories the rule's cache holds. */
  public int cachedRepositories(String prefix) {
    return eviction.repositories(prefix).size();
  }

  public List<ProxyRule> list() {
    return effective.rules();
  }

  @Override
  public void close() {
    fetches.close();
  }
}
