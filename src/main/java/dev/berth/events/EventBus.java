package dev.berth.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RegistryEvents} in one process: inline listeners run on the publisher's thread, the others
 * on one thread of their own that takes events from a bounded queue in order. A listener that
 * throws is logged and kept; one that is slow delays only the other listeners, never a request.
 */
public final class EventBus implements RegistryEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  /** Events waiting for the background listeners; beyond this, new ones are dropped and counted. */
  static final int QUEUE = 10_000;

  private record Listener<T extends RegistryEvent>(
      Class<T> type, Consumer<? super T> action, boolean required) {
    void offer(RegistryEvent event) {
      if (type.isInstance(event)) {
        try {
          action.accept(type.cast(event));
        } catch (RuntimeException e) {
          if (required) {
            throw e;
          }
          LOG.warn(
              "An event listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }

  private static final RegistryEvent STOP =
      new RegistryEvent.LoginFailed(null, Caller.system("stop"), "stop");

  private final List<Listener<?>> inline = new CopyOnWriteArrayList<>();
  private final List<Listener<?>> required = new CopyOnWriteArrayList<>();
  private final List<Listener<?>> background = new CopyOnWriteArrayList<>();
  private final BlockingQueue<RegistryEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread dispatcher;

  public EventBus() {
    dispatcher = new Thread(this::dispatch, "berth-events");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void publish(RegistryEvent event) {
    // Caches first, so they forget what changed at once; then the required listeners (the
    // durable outbox, which waits for a sync), whose failure is thrown once the event is queued.
    inline.forEach(l -> l.offer(event));
    RuntimeException requiredFailed = null;
    for (Listener<?> l : required) {
      try {
        l.offer(event);
      } catch (RuntimeException e) {
        if (requiredFailed == null) {
          requiredFailed = e;
        } else {
          requiredFailed.addSuppressed(e);
        }
      }
    }
    if (!background.isEmpty() && !queue.offer(event)) {
      long count = dropped.incrementAndGet();
      if (Long.bitCount(count) == 1) { // 1, 2, 4, 8 …: say so, without flooding the log
        LOG.warn("{} registry events dropped: the listeners fall behind", count);
      }
    }
    if (requiredFailed != null) {
      throw requiredFailed;
    }
  }

  @Override
  public <T extends RegistryEvent> Subscription subscribe(
      Class<T> type, Consumer<? super T> listener) {
    Listener<T> l = new Listener<>(type, listener, false);
    background.add(l);
    return () -> background.remove(l);
  }

  @Override
  public <T extends RegistryEvent> Subscription subscribeInline(
      Class<T> type, Consumer<? super T> listener) {
    Listener<T> l = new Listener<>(type, listener, false);
    inline.add(l);
    return () -> inline.remove(l);
  }

  @Override
  public <T extends RegistryEvent> Subscription subscribeRequired(
      Class<T> type, Consumer<? super T> listener) {
    Listener<T> l = new Listener<>(type, listener, true);
    required.add(l);
    return () -> required.remove(l);
  }

  /** Events the background listeners never saw because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  private void dispatch() {
    while (true) {
      RegistryEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread on purpose
      }
      if (event == STOP) {
        return;
      }
      background.forEach(l -> l.offer(event));
    }
  }

  /** Delivers what is queued (up to a few seconds' worth), then stops the background thread. */
  @Override
  public void close() {
    try {
      if (queue.offer(STOP, 5, TimeUnit.SECONDS)) {
        dispatcher.join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
