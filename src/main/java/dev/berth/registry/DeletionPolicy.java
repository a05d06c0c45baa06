package dev.berth.registry;

/**
 * Whether content may be deleted, like registry:2's {@code storage.delete.enabled}: the one rule.
 * Every use case that deletes asks it before touching anything, so the HTTP API, the admin API and
 * the app obey it alike and hear the same {@link DeletionDisabledException}.
 */
public record DeletionPolicy(boolean enabled) {
  public static final DeletionPolicy ENABLED = new DeletionPolicy(true);

  /**
   * @throws DeletionDisabledException when deletion is off, naming {@code what}
   */
  public void require(String what) {
    if (!enabled) {
      throw new DeletionDisabledException(what);
    }
  }
}
