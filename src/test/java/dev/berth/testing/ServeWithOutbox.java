package dev.berth.testing;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.EventSettings;
import dev.berth.engine.ListenAddress;
import java.nio.file.Path;

/**
 * A registry with the durable event outbox on, in a child JVM that tests can SIGKILL: {@code
 * ServeWithOutbox PORT DATA}. (The outbox has no command-line switch yet; the webhooks feature will
 * turn it on.)
 */
public final class ServeWithOutbox {
  private ServeWithOutbox() {}

  public static void main(String[] args) throws Exception {
    BerthEngine.start(
        EngineConfig.of(new ListenAddress("127.0.0.1", Integer.parseInt(args[0])), Path.of(args[1]))
            .withEvents(EventSettings.DURABLE_OUTBOX));
    Thread.currentThread().join();
  }

  /** Starts it and waits until it answers. */
  public static ServerProcess launch(int port, Path data) throws java.io.IOException {
    ServerProcess server =
        ServerProcess.launchCommand(
            port,
            ServerProcess.java(
                ServeWithOutbox.class.getName(), Integer.toString(port), data.toString()),
            java.util.Map.of());
    server.awaitReady(java.time.Duration.ofSeconds(60));
    return server;
  }
}
