package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Reproducible pseudo-random bytes of any length without holding them in memory, delivered at most
 * {@code readSize} bytes per read (as a network stream does) and optionally failing like a dropped
 * connection after {@code failAt} bytes.
 */
final class GeneratedStream extends InputStream {
  private final long size;
  private final int readSize;
  private final long failAt;
  private final SplittableRandom random;
  private long position;
  private long word;
  private int wordBytesLeft;

  GeneratedStream(long size, long seed, int readSize, long failAt) {
    this.size = size;
    this.readSize = readSize;
    this.failAt = failAt;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= size) {
      return -1;
    }
    if (position >= failAt) {
      throw new IOException("connection reset (simulated)");
    }
    int n = (int) Math.min(Math.min(len, readSize), Math.min(size, failAt) - position);
    for (int i = 0; i < n; i++) {
      if (wordBytesLeft == 0) {
        word = random.nextLong();
        wordBytesLeft = 8;
      }
      b[off + i] = (byte) word;
      word >>>= 8;
      wordBytesLeft--;
    }
    position += n;
    return n;
  }

  /** The SHA-256 of the first {@code size} bytes generated from {@code seed}. */
  static byte[] sha256(long size, long seed) throws IOException {
    return sha256Of(new GeneratedStream(size, seed, 1 << 20, Long.MAX_VALUE));
  }

  static byte[] sha256Of(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
