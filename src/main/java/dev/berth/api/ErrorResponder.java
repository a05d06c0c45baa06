package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnio.IoUtils;

/** The one writer of the spec's error body: {@code {"errors":[{"code","message","detail"}]}}. */
public final class ErrorResponder {
  private final ObjectMapper json;

  public ErrorResponder(ObjectMapper json) {
    this.json = json;
  }

  public void send(HttpServerExchange exchange, RegistryException e) {
    if (!exchange.isResponseStarted()) {
      e.headers()
          .forEach(
              (name, value) ->
                  exchange.getResponseHeaders().put(new io.undertow.util.HttpString(name), value));
    }
    send(exchange, e.status(), e.code(), e.detail());
  }

  public void send(HttpServerExchange exchange, int status, RegistryErrorCode code, Object detail) {
    if (exchange.isResponseStarted()) {
      // Headers are gone; the only honest signal left is to cut the connection.
      IoUtils.safeClose(exchange.getConnection());
      return;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.name());
    error.put("message", code.message());
    if (detail != null) {
      error.put("detail", detail);
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(Map.of("errors", List.of(error)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("error bodies are plain maps and always serialise", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
