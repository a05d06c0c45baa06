package dev.berth.users;

/**
 * A change would leave users who can log in but no enabled administrator: nobody could then push
 * everywhere, collect garbage or fix the others' access over the network.
 */
public final class LastAdministratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LastAdministratorException(String name) {
    super(
        name
            + " is the last enabled administrator. Make another user an administrator first"
            + " (read-write, all repositories).");
  }
}
