package dev.berth.users;

/** No user has that name. */
public final class UnknownUserException extends RuntimeException {
  public UnknownUserException(String name) {
    super("there is no user named '" + name + "'");
  }
}
