package dev.berth.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one way Berth makes an {@link ObjectMapper}: with {@code java.time} support, times written as
 * ISO-8601 text. A bare {@code new ObjectMapper()} cannot write an {@code Instant}, and a response
 * that carried one answered 500 (issue 15); every mapper comes from here instead.
 */
public final class Json {
  private Json() {}

  public static ObjectMapper mapper() {
    return configure(new ObjectMapper());
  }

  /** A mapper over another format (YAML), configured the same way. */
  public static ObjectMapper mapper(JsonFactory format) {
    return configure(new ObjectMapper(format));
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }
}
