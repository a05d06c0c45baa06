package dev.berth.users;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt in the {@code $2y$} flavour that {@code htpasswd -B} writes and reads, via BouncyCastle's
 * OpenBSDBCrypt. {@code $2a$} and {@code $2b$} hashes (other tools) verify too.
 */
public final class BcryptPasswords {
  /** htpasswd -B's default; each step doubles the work (cost 10 ≈ 50–100 ms here). */
  public static final int DEFAULT_COST = 10;

  public static final int MIN_COST = 10;
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  /**
   * bcrypt ignores bytes after the 72nd; refuse longer passwords rather than silently truncating.
   */
  public static final int MAX_PASSWORD_BYTES = 72;

  private final SecureRandom random;
  private final int cost;

  public BcryptPasswords(SecureRandom random, int cost) {
    if (cost < MIN_COST || cost > 31) {
      throw new IllegalArgumentException(
          "bcrypt cost must be between " + MIN_COST + " and 31, not " + cost);
    }
    this.random = random;
    this.cost = cost;
  }

  public BcryptPasswords() {
    this(new SecureRandom(), DEFAULT_COST);
  }

  public String hash(char[] password) {
    checkPassword(password);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password, salt, cost);
  }

  /** Constant-time comparison (inside OpenBSDBCrypt); false for a malformed hash. */
  public boolean verify(char[] password, String hash) {
    if (!isBcrypt(hash) || password.length == 0) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** True for a well-formed {@code $2a$/$2b$/$2y$} hash with cost ≥ 4 (what bcrypt accepts). */
  public static boolean isBcrypt(String hash) {
    return hash != null
        && BCRYPT.matcher(hash).matches()
        && Integer.parseInt(hash.substring(4, 6)) >= 4;
  }

  /**
   * @throws IllegalArgumentException if the password is empty or longer than bcrypt can use
   */
  public static void checkPassword(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("the password is empty");
    }
    if (StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)).remaining() > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "the password is longer than bcrypt's " + MAX_PASSWORD_BYTES + " bytes");
    }
  }
}
