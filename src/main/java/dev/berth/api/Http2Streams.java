package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the client reset an exchange's HTTP/2 stream. Undertow records that in a private flag of
 * the stream's sink channel and tells nobody when no data can flow; read it by reflection (the
 * version is pinned, and AbortedPullTest fails if the fields move). If the fields cannot be read,
 * the answer is always "no": a cancelled stream then lingers until its connection closes, as before
 * this check existed.
 */
final class Http2Streams {
  private static final Logger LOG = LoggerFactory.getLogger(Http2Streams.class);
  private static final Field RESPONSE_CHANNEL =
      field("io.undertow.server.protocol.http2.Http2ServerConnection", "responseChannel");
  private static final Field RESET =
      field("io.undertow.protocols.http2.Http2StreamSinkChannel", "reset");

  private Http2Streams() {}

  static boolean wasReset(HttpServerExchange exchange) {
    if (RESPONSE_CHANNEL == null
        || RESET == null
        || !RESPONSE_CHANNEL.getDeclaringClass().isInstance(exchange.getConnection())) {
      return false;
    }
    try {
      Object sink = RESPONSE_CHANNEL.get(exchange.getConnection());
      return sink != null && RESET.getBoolean(sink);
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private static Field field(String className, String name) {
    try {
      Field field = Class.forName(className).getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Cannot see HTTP/2 stream resets ({}.{}): {}", className, name, e.toString());
      return null;
    }
  }
}
