package dev.berth.desktop.proxy;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.proxy.ClientSetup;
import dev.berth.proxy.ProxyCache;
import dev.berth.proxy.ProxyPreset;
import dev.berth.proxy.ProxyRule;
import dev.berth.proxy.ProxyRules;
import dev.berth.proxy.RuleStatistics;
import dev.berth.proxy.UpstreamCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The pull-through cache rules of the running registry: add one from a preset or by hand, edit,
 * remove, test the upstream, see hits, misses and size, and copy the client set-up of a rule. All
 * of it goes through the engine's {@link ProxyCache}; a stored login is never shown back.
 */
public final class ProxyCacheViewModel {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(h|m|s)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)i?B?", Pattern.CASE_INSENSITIVE);

  /** One rule as the table shows it. */
  public record RuleRow(
      String prefix,
      String upstream,
      String ttl,
      boolean defaultMirror,
      String usage,
      String size,
      String state,
      long sizeLimit) {}

  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final Confirmer confirmer;
  private final ClipboardWriter clipboard;
  private final UserMessages messages;

  private final ObservableList<RuleRow> rules = FXCollections.observableArrayList();
  private final StringProperty prefix = new SimpleStringProperty("");
  private final StringProperty upstream = new SimpleStringProperty("");
  private final StringProperty ttl = new SimpleStringProperty("10m");
  private final StringProperty sizeLimit = new SimpleStringProperty("");
  private final BooleanProperty defaultMirror = new SimpleBooleanProperty(false);
  private final BooleanProperty libraryNames = new SimpleBooleanProperty(false);
  private final StringProperty username = new SimpleStringProperty("");
  private final StringProperty password = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper loginState = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper daemonJson = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper hostsToml = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper dockerPull = new ReadOnlyStringWrapper("");

  public ProxyCacheViewModel(
      ServerViewModel server,
      BackgroundTasks tasks,
      Confirmer confirmer,
      ClipboardWriter clipboard,
      UserMessages messages) {
    this.server = server;
    this.tasks = tasks;
    this.confirmer = confirmer;
    this.clipboard = clipboard;
    this.messages = messages;
    server.registryProperty().addListener((obs, old, now) -> reload());
  }

  private Optional<RunningRegistry> running() {
    return Optional.ofNullable(server.registryProperty().get());
  }

  /** Reads the rules and their statistics from the running registry. */
  public void reload() {
    Optional<RunningRegistry> registry = running();
    if (registry.isEmpty()) {
      rules.clear();
      status.set("Start the registry to manage its pull-through cache.");
      return;
    }
    ProxyCache proxy = registry.get().proxy();
    tasks
        .run("read the proxy cache rules", progress -> rows(proxy))
        .onSuccess(
            rows -> {
              rules.setAll(rows);
              status.set(
                  rows.isEmpty()
                      ? "No upstream is cached yet. Pick a preset or type a prefix and an upstream URL, then Save."
                      : rows.size()
                          + (rows.size() == 1 ? " upstream is" : " upstreams are")
                          + " cached beside this registry's"
                          + " own repositories. Pulls of PREFIX/NAME are fetched once, then served from here.");
              updateSetup();
            })
        .start();
  }

  private static List<RuleRow> rows(ProxyCache proxy) {
    ProxyRules all = proxy.rules();
    List<RuleRow> rows = new ArrayList<>();
    for (ProxyRule rule : all.rules()) {
      RuleStatistics s = proxy.statistics(rule.prefix());
      String state =
          s.upstreamDown()
              ? "upstream down: serving cached copies"
              : s.lastError() != null ? "last error: " + s.lastError() : "ok";
      rows.add(
          new RuleRow(
              rule.prefix(),
              rule.upstream().toString(),
              format(rule.ttl()),
              all.defaultMirror().filter(rule.prefix()::equals).isPresent(),
              s.hits()
                  + (s.hits() == 1 ? " hit / " : " hits / ")
                  + s.misses()
                  + (s.misses() == 1 ? " miss, " : " misses, ")
                  + Formats.bytes(s.bytesSaved())
                  + " saved",
              Formats.bytes(proxy.cachedBytes(rule.prefix()))
                  + (rule.sizeLimit() > 0 ? " of " + Formats.bytes(rule.sizeLimit()) : "")
                  + " in "
                  + repositories(proxy.cachedRepositories(rule.prefix())),
              (proxy.hasLogin(rule.prefix()) ? "login stored; " : "") + state,
              rule.sizeLimit()));
    }
    return rows;
  }

  private static String repositories(int n) {
    return n + (n == 1 ? " repository" : " repositories");
  }

  /** Fills the form with a rule of the table. */
  public void select(RuleRow row) {
    if (row == null) {
      return;
    }
    prefix.set(row.prefix());
    upstream.set(row.upstream());
    ttl.set(row.ttl());
    sizeLimit.set(row.sizeLimit() > 0 ? Formats.bytes(row.sizeLimit()) : "");
    defaultMirror.set(row.defaultMirror());
    running()
        .flatMap(r -> r.proxy().rules().rule(row.prefix()))
        .ifPresent(r -> libraryNames.set(r.libraryNames()));
    username.set("");
    password.set("");
    loginState.set(
        row.state().startsWith("login stored")
            ? "A login is stored (not shown). Type a new one to replace it."
            : "");
    testResult.set("");
    updateSetup();
  }

  /** Starts a new rule from a well-known upstream. */
  public void applyPreset(ProxyPreset preset) {
    prefix.set(preset.prefix());
    upstream.set(preset.upstream());
    ttl.set("10m");
    sizeLimit.set("");
    libraryNames.set(preset.rule().libraryNames());
    defaultMirror.set(
        preset.rule().libraryNames() && rules.stream().noneMatch(RuleRow::defaultMirror));
    username.set("");
    password.set("");
    loginState.set("");
    testResult.set("");
    updateSetup();
  }

  /** The rule the form describes. */
  private ProxyRule formRule() {
    return ProxyRule.of(prefix.get().trim(), upstream.get().trim())
        .withTtl(parse(ttl.get()))
        .withLibraryNames(libraryNames.get())
        .withSizeLimit(parseSize(sizeLimit.get()));
  }

  public void save() {
    Optional<RunningRegistry> registry = running();
    if (registry.isEmpty()) {
      messages.showProblem("Start the registry first: rules are kept in its data folder.");
      return;
    }
    ProxyRule rule;
    try {
      rule = formRule();
    } catch (IllegalArgumentException e) {
      messages.showProblem("Cannot save the rule: " + e.getMessage());
      return;
    }
    ProxyCache proxy = registry.get().proxy();
    boolean mirror = defaultMirror.get();
    String user = username.get().trim();
    String secret = password.get();
    password.set("");
    tasks
        .run(
            "save the proxy rule " + rule.prefix(),
            progress -> {
              proxy.save(rule);
              Optional<String> current = proxy.rules().defaultMirror();
              if (mirror && !current.equals(Optional.of(rule.prefix()))) {
                proxy.setDefaultMirror(Optional.of(rule.prefix()));
              } else if (!mirror && current.equals(Optional.of(rule.prefix()))) {
                proxy.setDefaultMirror(Optional.empty());
              }
              if (!user.isEmpty() && !secret.isEmpty()) {
                proxy.login(rule.prefix(), new UpstreamCredentials.Login(user, secret));
              }
              return proxy.hasLogin(rule.prefix());
            })
        .onSuccess(
            hasLogin -> {
              username.set("");
              loginState.set(
                  hasLogin ? "A login is stored (not shown). Type a new one to replace it." : "");
              messages.showInfo("Saved the rule " + rule.prefix() + "/ → " + rule.upstream() + ".");
              reload();
            })
        .onError(messages::showProblem)
        .start();
  }

  public void remove() {
    Optional<RunningRegistry> registry = running();
    String gone = prefix.get().trim();
    if (registry.isEmpty() || gone.isEmpty()) {
      return;
    }
    if (!confirmer.confirm(
        "Remove the rule " + gone,
        "Pulls of "
            + gone
            + "/… will no longer reach its upstream, and its"
            + " stored login is forgotten. Cached copies stay until you delete them in Repositories.",
        "Remove")) {
      return;
    }
    ProxyCache proxy = registry.get().proxy();
    tasks
        .run(
            "remove the proxy rule " + gone,
            progress -> {
              proxy.remove(gone);
              return gone;
            })
        .onSuccess(
            p -> {
              prefix.set("");
              upstream.set("");
              reload();
            })
        .onError(messages::showProblem)
        .start();
  }

  /** Asks the upstream {@code GET /v2/} with the stored login and says what it answered. */
  public void testConnection() {
    Optional<RunningRegistry> registry = running();
    ProxyRule rule;
    try {
      rule = formRule();
    } catch (IllegalArgumentException e) {
      testResult.set(e.getMessage());
      return;
    }
    if (registry.isEmpty()) {
      testResult.set("Start the registry first.");
      return;
    }
    testResult.set("Asking " + rule.upstream() + "…");
    ProxyCache proxy = registry.get().proxy();
    tasks
        .run("test the connection to " + rule.upstream(), progress -> proxy.testConnection(rule))
        .onSuccess(testResult::set)
        .onError(testResult::set)
        .start();
  }

  private void updateSetup() {
    Optional<RunningRegistry> registry = running();
    ProxyRule rule;
    try {
      rule = formRule();
    } catch (IllegalArgumentException e) {
      daemonJson.set("");
      hostsToml.set("");
      dockerPull.set("");
      return;
    }
    String hostPort = registry.map(RunningRegistry::pullHost).orElse("localhost:5000");
    String scheme = registry.map(r -> r.url().getScheme()).orElse("http");
    ClientSetup setup = new ClientSetup(rule, hostPort, scheme, defaultMirror.get());
    daemonJson.set(setup.daemonJson());
    hostsToml.set(setup.hostsToml());
    dockerPull.set(setup.dockerPull());
  }

  /** Re-derives the client set-up after the form changed. */
  public void formChanged() {
    updateSetup();
  }

  public void copy(String text) {
    clipboard.copy(text);
    messages.showInfo("Copied.");
  }

  /** {@code 10m}, {@code 1h30m}, {@code 45s}, {@code 0}. */
  static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
    }
    if (t.isEmpty() || end != t.length()) {
      throw new IllegalArgumentException("'" + t + "' is not a TTL; write e.g. 10m, 1h or 30s");
    }
    return total;
  }

  /** Empty for no limit, else e.g. {@code 20 GiB}, {@code 500M}, {@code 1.5 GB} (binary units). */
  static long parseSize(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      return 0;
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a size; write e.g. 20 GiB or 500 MiB, or leave it empty");
    }
    int power =
        " KMGT".indexOf(m.group(2).isEmpty() ? ' ' : Character.toUpperCase(m.group(2).charAt(0)));
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
  }

  static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    StringBuilder s = new StringBuilder();
    if (d.toHours() > 0) {
      s.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      s.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      s.append(d.toSecondsPart()).append('s');
    }
    return s.toString();
  }

  public List<ProxyPreset> presets() {
    return ProxyPreset.ALL;
  }

  public ObservableList<RuleRow> rules() {
    return rules;
  }

  public StringProperty prefixProperty() {
    return prefix;
  }

  public StringProperty upstreamProperty() {
    return upstream;
  }

  public StringProperty ttlProperty() {
    return ttl;
  }

  public StringProperty sizeLimitProperty() {
    return sizeLimit;
  }

  public BooleanProperty defaultMirrorProperty() {
    return defaultMirror;
  }

  public BooleanProperty libraryNamesProperty() {
    return libraryNames;
  }

  public StringProperty usernameProperty() {
    return username;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public ReadOnlyStringProperty loginStateProperty() {
    return loginState.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty testResultProperty() {
    return testResult.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty daemonJsonProperty() {
    return daemonJson.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty hostsTomlProperty() {
    return hostsToml.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty dockerPullProperty() {
    return dockerPull.getReadOnlyProperty();
  }
}
