package dev.berth.testing;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real engine on {@code 127.0.0.1:0} with a fresh data folder for each test, and an HTTP client
 * pointed at it. Register with {@code @RegisterExtension}.
 */
public final class TestRegistry implements BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<EngineConfig> customize;
  private Path data;
  private BerthEngine engine;
  private RegistryClient client;

  public TestRegistry() {
    this(UnaryOperator.identity());
  }

  public TestRegistry(UnaryOperator<EngineConfig> customize) {
    this.customize = customize;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    data = Files.createTempDirectory("berth-test");
    start();
  }

  /** Starts (or starts again, on the same data folder) the engine. */
  public void start() throws IOException {
    engine =
        BerthEngine.start(
            customize.apply(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)));
    client = new RegistryClient(engine.url());
  }

  public void stop() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    stop();
    deleteRecursively(data);
  }

  public BerthEngine engine() {
    return engine;
  }

  public RegistryClient client() {
    return client;
  }

  public Path data() {
    return data;
  }

  /** host:port, as image references name it. */
  public String hostPort() {
    return "127.0.0.1:" + engine.port();
  }

  static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
