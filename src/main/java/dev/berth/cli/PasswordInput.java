package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password without it ever appearing in the process list or shell history: the first
 * line of standard input ({@code --password-stdin}, like {@code docker login}), or typed twice at
 * the terminal with echo off.
 */
final class PasswordInput {
  private PasswordInput() {}

  static char[] read(boolean fromStdin, String prompt) throws IOException {
    if (fromStdin) {
      return firstLine(System.in);
    }
    Console console = System.console();
    if (console == null) {
      throw new IOException(
          "no terminal to type a password in; pipe it in and add --password-stdin");
    }
    char[] first = console.readPassword("%s: ", prompt);
    char[] second = console.readPassword("Repeat it: ");
    try {
      if (first == null || second == null || !Arrays.equals(first, second)) {
        throw new IOException("the two passwords differ");
      }
      return first;
    } finally {
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }

  private static char[] firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      bytes.write(b);
    }
    byte[] raw = bytes.toByteArray();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
    Arrays.fill(raw, (byte) 0);
    char[] password = Arrays.copyOf(chars.array(), chars.limit());
    Arrays.fill(chars.array(), '\0');
    if (password.length == 0) {
      throw new IOException("standard input held no password");
    }
    return password;
  }
}
