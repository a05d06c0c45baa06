package dev.berth.cli;

import dev.berth.api.Cidr;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.MemoryDefaults;
import dev.berth.engine.PublicAddressSettings;
import dev.berth.engine.TlsSettings;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcScheduler;
import dev.berth.logging.LogLevel;
import dev.berth.proxy.ProxyRule;
import dev.berth.proxy.ProxySettings;
import dev.berth.registry2.Registry2Configuration;
import dev.berth.registry2.Registry2DataAdoption;
import dev.berth.registry2.Registry2EngineConfig;
import dev.berth.registry2.Registry2Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code berth serve}: the registry without a window, until SIGTERM or Ctrl-C. It also reads
 * registry:2's configuration: a {@code config.yml} given with {@code --config}, and the {@code
 * REGISTRY_*} environment variables (with or without a file). Options on the command line win over
 * both, the variables over the file.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the registry headless.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A registry:2 configuration file (config.yml, version 0.1); REGISTRY_* environment variables override it,"
              + " and are read without it too.")
  Path registry2Config;

  @Option(
      names = "--addr",
      paramLabel = "HOST:PORT",
      converter = ListenAddressConverter.class,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "localhost:5000")
  ListenAddress address;

  @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
  Path data;

  @Option(
      names = "--no-delete",
      description = "Refuse DELETE of blobs and manifests (405 UNSUPPORTED).")
  boolean noDelete;

  @Option(
      names = "--auth",
      paramLabel = "MODE",
      defaultValue = "none",
      description =
          "Authentication: none, basic or token (default: ${DEFAULT-VALUE}). basic and token need a user (berth user add).")
  String auth;

  @Option(
      names = "--anonymous-pull",
      description = "With --auth basic|token: let anyone pull; push and delete still need a user.")
  boolean anonymousPull;

  @Option(
      names = "--tls",
      description = "Serve HTTPS with the data folder's certificate (berth cert create).")
  boolean tls;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate (leaf first, then its chain).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--gc-every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Collect garbage periodically, e.g. 24h (default: never; run `berth gc` by hand).")
  Duration gcEvery;

  @Option(
      names = "--gc-delete-untagged",
      description = "With --gc-every: also delete manifests no tag reaches.")
  boolean gcDeleteUntagged;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      converter = PublicUrlConverter.class,
      description =
          "How clients reach the registry, e.g. https://registry.example.com behind a proxy: the base of the"
              + " token realm and of Location URLs (default: the Host when it names this machine, else the address a"
              + " request arrived on).")
  URI publicUrl;

  @Option(
      names = "--trusted-proxy",
      paramLabel = "CIDR",
      converter = CidrConverter.class,
      description =
          "A proxy (address or block, e.g. 10.0.0.0/8) whose X-Forwarded-Proto/-Host/-Port headers are"
              + " believed; repeatable. From any other client those headers are ignored.")
  List<Cidr> trustedProxies;

  @Option(
      names = "--proxy",
      paramLabel = "PREFIX=URL",
      description =
          "Cache an upstream registry under a prefix, e.g. hub=https://registry-1.docker.io; repeatable."
              + " Pulls of PREFIX/NAME are fetched from URL once and then served from here; pushes there are refused.")
  List<String> proxies;

  @Option(
      names = "--proxy-default",
      paramLabel = "PREFIX",
      description =
          "The --proxy rule that also serves names outside every prefix and local repository (a Docker"
              + " daemon's registry-mirrors asks /v2/library/alpine).")
  String proxyDefault;

  @Option(
      names = "--proxy-ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10m",
      description =
          "How long a cached tag is trusted before the upstream is asked again, with a HEAD (default: ${DEFAULT-VALUE}).")
  Duration proxyTtl;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EngineConfig config =
        EngineConfig.of(address, data == null ? EngineConfig.defaultDataDirectory() : data)
            .withDeleteEnabled(!noDelete)
            .withAuth(authSettings())
            .withTls(tlsSettings())
            .withGcSchedule(gcSchedule())
            .withPublicAddress(
                new PublicAddressSettings(
                    Optional.ofNullable(publicUrl),
                    trustedProxies == null ? List.of() : trustedProxies))
            .withProxy(proxySettings());
    Map<String, String> environment = System.getenv();
    if (registry2Config != null || Registry2Configuration.presentIn(environment)) {
      config = withRegistry2Settings(config, environment);
      Registry2DataAdoption.adoptOnce(config.dataDirectory());
    }
    MemoryDefaults.apply();
    BerthEngine engine = BerthEngine.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  engine.close();
                  stopped.countDown();
                },
                "berth-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * registry:2's settings over Berth's defaults, and the options given on this command line over
   * those (so {@code serve --addr :5001} still moves a registry:2 set-up to another port).
   */
  private EngineConfig withRegistry2Settings(EngineConfig options, Map<String, String> environment)
      throws IOException {
    Registry2Settings settings =
        new Registry2Configuration().read(Optional.ofNullable(registry2Config), environment);
    settings.logLevel().ifPresent(LogLevel::set);
    settings.warning().ifPresent(LOG::warn);
    EngineConfig config = Registry2EngineConfig.apply(settings, options);
    ParseResult given = spec.commandLine().getParseResult();
    if (given.hasMatchedOption("--addr")) {
      config = config.withAddress(options.address());
    }
    if (given.hasMatchedOption("--data")) {
      config = config.withDataDirectory(options.dataDirectory());
    }
    if (given.hasMatchedOption("--no-delete")) {
      config = config.withDeleteEnabled(false);
    }
    if (given.hasMatchedOption("--auth") || given.hasMatchedOption("--anonymous-pull")) {
      config = config.withAuth(options.auth());
    }
    if (given.hasMatchedOption("--tls") || given.hasMatchedOption("--tls-cert")) {
      config = config.withTls(options.tls());
    }
    if (given.hasMatchedOption("--public-url")) {
      config = config.withPublicAddress(options.publicAddress());
    }
    if (given.hasMatchedOption("--proxy") || given.hasMatchedOption("--proxy-default")) {
      config = config.withProxy(options.proxy());
    }
    return config;
  }

  private ProxySettings proxySettings() {
    List<ProxyRule> rules = new ArrayList<>();
    for (String given : proxies == null ? List.<String>of() : proxies) {
      int eq = given.indexOf('=');
      if (eq <= 0 || eq == given.length() - 1) {
        throw new ParameterException(
            spec.commandLine(),
            "--proxy takes PREFIX=URL, e.g. hub=https://registry-1.docker.io, not '" + given + "'");
      }
      try {
        rules.add(ProxyRule.of(given.substring(0, eq), given.substring(eq + 1)).withTtl(proxyTtl));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--proxy " + given + ": " + e.getMessage());
      }
    }
    if (proxyDefault != null && rules.stream().noneMatch(r -> r.prefix().equals(proxyDefault))) {
      throw new ParameterException(
          spec.commandLine(), "--proxy-default " + proxyDefault + " names no --proxy rule");
    }
    try {
      return new ProxySettings(rules, Optional.ofNullable(proxyDefault));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Optional<GcScheduler.Schedule> gcSchedule() {
    if (gcEvery == null) {
      if (gcDeleteUntagged) {
        throw new ParameterException(spec.commandLine(), "--gc-delete-untagged needs --gc-every");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(
          new GcScheduler.Schedule(
              gcEvery, GcOptions.defaults().withDeleteUntagged(gcDeleteUntagged)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private AuthSettings authSettings() {
    AuthSettings.Mode mode;
    try {
      mode = AuthSettings.Mode.valueOf(auth.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--auth must be none, basic or token, not '" + auth + "'");
    }
    if (mode == AuthSettings.Mode.NONE && anonymousPull) {
      throw new ParameterException(
          spec.commandLine(), "--anonymous-pull needs --auth basic or --auth token");
    }
    return new AuthSettings(mode, anonymousPull);
  }

  private TlsSettings tlsSettings() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    if (tlsCert != null && tls) {
      throw new ParameterException(
          spec.commandLine(), "use either --tls (data folder certificate) or --tls-cert/--tls-key");
    }
    return tlsCert != null
        ? TlsSettings.files(tlsCert, tlsKey)
        : tls ? TlsSettings.DATA_FOLDER : TlsSettings.OFF;
  }
}
