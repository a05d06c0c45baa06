package dev.berth.desktop.users;

import java.util.Arrays;

/** The app's rules for a password typed by a person: long enough, and typed the same twice. */
public final class NewPasswords {
  static final int MIN_LENGTH = 8;

  private NewPasswords() {}

  /**
   * @return what is wrong in plain words, or null when the password can be used
   */
  public static String problem(char[] password, char[] repeated) {
    if (password.length < MIN_LENGTH) {
      return "The password needs at least " + MIN_LENGTH + " characters.";
    }
    if (!Arrays.equals(password, repeated)) {
      return "The two passwords are not the same; type them again.";
    }
    return null;
  }

  static void wipe(char[]... secrets) {
    for (char[] s : secrets) {
      if (s != null) {
        Arrays.fill(s, '\0');
      }
    }
  }
}
