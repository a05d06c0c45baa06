package dev.berth.users;

import java.util.regex.Pattern;

/**
 * The rules for user names: what htpasswd files, Basic auth ({@code name:password}, so no colon)
 * and token subjects can all carry unchanged.
 */
public final class UserName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private UserName() {}

  /**
   * @throws IllegalArgumentException naming the rule the name breaks
   */
  public static String check(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + (name == null ? "" : abbreviate(name))
              + "' is not a valid user name:"
              + " use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    return name;
  }

  private static String abbreviate(String s) {
    return s.length() > 70 ? s.substring(0, 70) + "…" : s;
  }
}
