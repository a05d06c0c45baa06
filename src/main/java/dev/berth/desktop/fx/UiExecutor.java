package dev.berth.desktop.fx;

import java.util.concurrent.Executor;

/**
 * Where view models publish results: {@code Platform::runLater} in the app, {@code Runnable::run}
 * in tests, so view models never need a running FX toolkit to be tested.
 */
@FunctionalInterface
public interface UiExecutor extends Executor {}
