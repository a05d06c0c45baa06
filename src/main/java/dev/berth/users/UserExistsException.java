package dev.berth.users;

/** A user with that name exists already. */
public final class UserExistsException extends RuntimeException {
  public UserExistsException(String name) {
    super("a user named '" + name + "' exists already");
  }
}
