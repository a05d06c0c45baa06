package dev.berth.cli;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth serve}: the registry without a window, until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the registry headless.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--addr", paramLabel = "HOST:PORT", converter = ListenAddressConverter.class,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "localhost:5000")
  ListenAddress address;

  @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
  Path data;

  @Option(names = "--no-delete", description = "Refuse DELETE of blobs and manifests (405 UNSUPPORTED).")
  boolean noDelete;

  @Override
  public Integer call() throws Exception {
    EngineConfig config = EngineConfig.of(address, data == null ? EngineConfig.defaultDataDirectory() : data)
        .withDeleteEnabled(!noDelete);
    BerthEngine engine = BerthEngine.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "berth-shutdown"));
    stopped.await();
    return 0;
  }
}
