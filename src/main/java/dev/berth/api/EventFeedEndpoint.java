package dev.berth.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.OutboxMetadata;
import dev.berth.metadata.OutboxMetadata.OutboxEntry;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /berth/v1/events?after=ID&limit=N}: the durable outbox, oldest first, for consumers
 * that must see every change (webhook senders, audit collectors). A consumer keeps the last {@code
 * id} it handled and asks for what came after; {@code last} in the answer is where to go on from.
 */
final class EventFeedEndpoint {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private final Optional<OutboxMetadata> outbox;
  private final ObjectMapper json;

  /**
   * @param outbox the outbox, or empty when the registry runs without one
   */
  EventFeedEndpoint(Optional<OutboxMetadata> outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  void get(HttpServerExchange exchange, ApiRequest request) throws IOException {
    OutboxMetadata events =
        outbox.orElseThrow(
            () ->
                new RegistryException(
                    RegistryErrorCode.UNSUPPORTED,
                    404,
                    "this registry keeps no event outbox (it is off by default)"));
    long after = number(exchange, "after", 0, Long.MAX_VALUE, 0);
    int limit = (int) number(exchange, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    List<OutboxEntry> entries = events.after(after, limit);
    List<Map<String, Object>> items = new ArrayList<>();
    for (OutboxEntry e : entries) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", e.id());
      item.put("at", e.at().toString());
      item.put("kind", e.kind());
      item.put("event", json.readTree(e.payload()));
      items.add(item);
    }
    long last = entries.isEmpty() ? after : entries.get(entries.size() - 1).id();
    byte[] body = json.writeValueAsBytes(Map.of("events", items, "last", last));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  private static long number(
      HttpServerExchange exchange, String name, long min, long max, long fallback) {
    String text = QueryParameters.first(exchange, name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new RegistryException(
        RegistryErrorCode.UNSUPPORTED,
        400,
        name + " must be a whole number from " + min + " to " + max);
  }
}
