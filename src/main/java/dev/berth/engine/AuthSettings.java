package dev.berth.engine;

import java.util.Optional;

/**
 * How the registry API authenticates callers.
 *
 * @param mode none (everyone may do everything), basic (HTTP Basic on every request, like
 *     registry:2's htpasswd mode) or token (the Docker/OCI bearer token flow with {@code /token})
 * @param anonymousPull let callers without credentials pull and list the catalog; push and delete
 *     always need a user
 * @param htpasswd with basic: check passwords against this htpasswd file instead of Berth's users
 * @param tokenServer with token: accept tokens of this external token server instead of issuing
 *     Berth's own
 */
public record AuthSettings(
    Mode mode,
    boolean anonymousPull,
    Optional<HtpasswdSettings> htpasswd,
    Optional<TokenServerSettings> tokenServer) {
  public static final AuthSettings NONE = new AuthSettings(Mode.NONE, false);

  /** The modes, spelled as on the command line. */
  public enum Mode {
    NONE,
    BASIC,
    TOKEN;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AuthSettings {
    if (mode == null) {
      throw new IllegalArgumentException("no authentication mode");
    }
    if (mode == Mode.NONE && anonymousPull) {
      throw new IllegalArgumentException(
          "anonymous pull needs authentication (basic or token): without it everyone may push");
    }
    htpasswd = htpasswd == null ? Optional.empty() : htpasswd;
    tokenServer = tokenServer == null ? Optional.empty() : tokenServer;
    if (htpasswd.isPresent() && mode != Mode.BASIC) {
      throw new IllegalArgumentException("an htpasswd file goes with basic authentication");
    }
    if (tokenServer.isPresent() && mode != Mode.TOKEN) {
      throw new IllegalArgumentException("an external token server goes with token authentication");
    }
  }

  /** With Berth's own users (and, for token, its own {@code /token}). */
  public AuthSettings(Mode mode, boolean anonymousPull) {
    this(mode, anonymousPull, Optional.empty(), Optional.empty());
  }

  /** Basic authentication against an htpasswd file (registry:2's {@code auth.htpasswd}). */
  public static AuthSettings htpasswd(HtpasswdSettings file) {
    return new AuthSettings(Mode.BASIC, false, Optional.of(file), Optional.empty());
  }

  /** Tokens from an external token server (registry:2's {@code auth.token}). */
  public static AuthSettings tokenServer(TokenServerSettings server) {
    return new AuthSettings(Mode.TOKEN, false, Optional.empty(), Optional.of(server));
  }
}
