package dev.berth.desktop.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.browse.RepositoryBrowser;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import java.io.IOException;
import java.net.BindException;
import java.util.Optional;

/**
 * Owns the engine the app runs in-process: starts, stops and restarts it, at most one at a time.
 * Thread-safe; callers run it off the FX thread because starting opens the database.
 */
public final class EngineHost implements AutoCloseable {

  /** How an engine is started; {@code BerthEngine::start} in the app. */
  @FunctionalInterface
  public interface Starter {
    BerthEngine start(EngineConfig config) throws IOException;
  }

  private final Starter starter;
  private final ObjectMapper json = new ObjectMapper();
  private RunningRegistry running;

  public EngineHost(Starter starter) {
    this.starter = starter;
  }

  /**
   * Starts the engine (stopping a running one first).
   *
   * @throws PortInUseException when the port is taken
   * @throws dev.berth.engine.DataDirectoryLockedException when another Berth uses the data folder
   */
  public synchronized RunningRegistry start(EngineConfig config) throws IOException {
    stop();
    BerthEngine engine;
    try {
      engine = starter.start(config);
    } catch (RuntimeException e) {
      // Undertow reports a taken port as a RuntimeException around a BindException.
      if (causedByBind(e)) {
        throw new PortInUseException(config.address().toString(), config.address().port(), e);
      }
      throw e;
    }
    RepositoryBrowser browser = new RepositoryBrowser(
        engine.metadata(), engine.blobs(), engine.registry().manifests(), json, config.deleteEnabled());
    running = new RunningRegistry(engine, browser, RunningRegistry.pullHost(engine));
    return running;
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Stops the engine cleanly (drains requests, closes the database); a no-op when stopped. */
  public synchronized void stop() {
    if (running != null) {
      RunningRegistry stopping = running;
      running = null;
      stopping.engine().close();
    }
  }

  public synchronized Optional<RunningRegistry> running() {
    return Optional.ofNullable(running);
  }

  @Override
  public void close() {
    stop();
  }
}
