package dev.berth.engine;

/**
 * How the registry API authenticates callers.
 *
 * @param mode none (everyone may do everything), basic (HTTP Basic on every request, like
 *     registry:2's htpasswd mode) or token (the Docker/OCI bearer token flow with {@code /token})
 * @param anonymousPull let callers without credentials pull and list the catalog; push and delete
 *     always need a user
 */
public record AuthSettings(Mode mode, boolean anonymousPull) {
  public static final AuthSettings NONE = new AuthSettings(Mode.NONE, false);

  /** The modes, spelled as on the command line. */
  public enum Mode {
    NONE, BASIC, TOKEN;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AuthSettings {
    if (mode == null) {
      throw new IllegalArgumentException("no authentication mode");
    }
    if (mode == Mode.NONE && anonymousPull) {
      throw new IllegalArgumentException("anonymous pull needs authentication (basic or token): without it everyone may push");
    }
  }
}
