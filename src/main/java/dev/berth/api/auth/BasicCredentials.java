package dev.berth.api.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A name and password from an {@code Authorization: Basic} header (RFC 7617, UTF-8). {@link
 * #toString} never shows the password, so a stray log statement cannot leak it.
 */
public record BasicCredentials(String name, char[] password) {

  /** The credentials, or empty when the header is not Basic or does not decode to name:password. */
  public static Optional<BasicCredentials> fromHeader(String authorization) {
    if (authorization == null
        || authorization.length() < 6
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    char[] text;
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw));
      text = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
    } catch (CharacterCodingException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    int colon = -1;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= 0) {
      Arrays.fill(text, '\0');
      return Optional.empty();
    }
    BasicCredentials c =
        new BasicCredentials(
            new String(text, 0, colon), Arrays.copyOfRange(text, colon + 1, text.length));
    Arrays.fill(text, '\0');
    return Optional.of(c);
  }

  @Override
  public String toString() {
    return "BasicCredentials[" + name + ", password hidden]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BasicCredentials b
        && b.name.equals(name)
        && Arrays.equals(b.password, password);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
