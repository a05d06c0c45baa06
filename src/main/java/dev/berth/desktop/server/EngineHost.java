package dev.berth.desktop.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.json.Json;
import java.io.IOException;
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
  private final ObjectMapper json = Json.mapper();
  private RunningRegistry running;

  public EngineHost(Starter starter) {
    this.starter = starter;
  }

  /**
   * Starts the engine (stopping a running one first).
   *
   * @throws dev.berth.engine.PortInUseException when the port is taken
   * @throws dev.berth.engine.DataDirectoryLockedException when another Berth uses the data folder
   */
  public synchronized RunningRegistry start(EngineConfig config) throws IOException {
    stop();
    BerthEngine engine = starter.start(config);
    running = RunningRegistry.over(engine, json);
    return running;
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
