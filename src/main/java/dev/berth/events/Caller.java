package dev.berth.events;

/**
 * Who asked for a change or a read: a user or robot (by name), an anonymous client, the desktop
 * app's person at the keyboard, or Berth itself (scheduled garbage collection, an import). Carried
 * from the access check into the use cases, so that every event says who did it.
 *
 * @param name the user's name; "anonymous", "app" or what Berth was doing for the others
 * @param address the client's address as the registry saw it, or "local"
 */
public record Caller(String name, Kind kind, String address) {

  public enum Kind {
    USER,
    ROBOT,
    ANONYMOUS,
    /** The person using the desktop app, on the machine itself. */
    APP,
    /** Berth itself: a schedule, an import, a maintenance task. */
    SYSTEM
  }

  public Caller {
    if (name == null || name.isBlank() || kind == null || address == null) {
      throw new IllegalArgumentException("a caller needs a name, a kind and an address");
    }
  }

  public static Caller user(String name, String address) {
    return new Caller(name, Kind.USER, address);
  }

  public static Caller anonymous(String address) {
    return new Caller("anonymous", Kind.ANONYMOUS, address);
  }

  /** The desktop app's user. */
  public static Caller app() {
    return new Caller("app", Kind.APP, "local");
  }

  /** Berth acting on its own, e.g. {@code system("scheduled garbage collection")}. */
  public static Caller system(String what) {
    return new Caller(what, Kind.SYSTEM, "local");
  }

  @Override
  public String toString() {
    return kind == Kind.USER || kind == Kind.ROBOT
        ? name + "@" + address
        : name + (address.equals("local") ? "" : "@" + address);
  }
}
