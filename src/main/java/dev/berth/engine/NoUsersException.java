package dev.berth.engine;

import java.nio.file.Path;

/**
 * Authentication was asked for but no user can log in. Berth has no default password, so it refuses
 * to start instead; the desktop app catches this and asks for the first administrator.
 */
public final class NoUsersException extends IllegalStateException {
  public NoUsersException(AuthSettings.Mode mode, Path data) {
    super(
        "Authentication '"
            + mode.word()
            + "' is on but there are no enabled users in "
            + data
            + ". Add one first, for example:\n  berth user add --data "
            + data
            + " admin --password-stdin");
  }
}
