package dev.berth.events;

import java.util.function.Consumer;

/**
 * Where the use cases announce what happened, and where others listen.
 *
 * <p>Two kinds of listeners: {@link #subscribe} runs off the request path, on a bounded queue (the
 * request never waits for it; if the queue is full the event is dropped for those listeners and
 * counted); {@link #subscribeInline} runs on the publishing thread before the request is answered,
 * for the few listeners whose work must be done by then (a cache that must not serve what was just
 * changed) and which must therefore be quick and never block.
 */
public interface RegistryEvents {

  /**
   * Announces {@code event}, after its change committed. Throws only what a {@link
   * #subscribeRequired required} subscriber threw, after every other inline subscriber ran.
   */
  void publish(RegistryEvent event);

  <T extends RegistryEvent> Subscription subscribe(Class<T> type, Consumer<? super T> listener);

  <T extends RegistryEvent> Subscription subscribeInline(
      Class<T> type, Consumer<? super T> listener);

  /**
   * As {@link #subscribeInline}, but a failure of the listener fails the publish, and with it the
   * request: for the durable outbox, whose copy of the event must be stored before the change is
   * acknowledged. (Other inline listeners' failures are logged and the request goes on.)
   */
  <T extends RegistryEvent> Subscription subscribeRequired(
      Class<T> type, Consumer<? super T> listener);

  /** Ends a subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Nobody listens: for tools that run the use cases without an engine around them. */
  RegistryEvents NONE =
      new RegistryEvents() {
        @Override
        public void publish(RegistryEvent event) {}

        @Override
        public <T extends RegistryEvent> Subscription subscribe(
            Class<T> type, Consumer<? super T> listener) {
          return () -> {};
        }

        @Override
        public <T extends RegistryEvent> Subscription subscribeInline(
            Class<T> type, Consumer<? super T> listener) {
          return () -> {};
        }

        @Override
        public <T extends RegistryEvent> Subscription subscribeRequired(
            Class<T> type, Consumer<? super T> listener) {
          return () -> {};
        }
      };
}
