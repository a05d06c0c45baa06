package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.UNSUPPORTED;

import dev.berth.registry.error.RegistryException;

/**
 * Whether content may be deleted, like registry:2's {@code storage.delete.enabled}. Every use case
 * that deletes asks it, so the HTTP API, the admin API and the app obey one rule.
 */
public record DeletionPolicy(boolean enabled) {
  public static final DeletionPolicy ENABLED = new DeletionPolicy(true);

  /**
   * @throws RegistryException UNSUPPORTED (405) when deletion is off
   */
  public void require(String what) {
    if (!enabled) {
      throw new RegistryException(
          UNSUPPORTED,
          405,
          "deleting "
              + what
              + " is disabled on this registry (turn deletion on in Settings, or serve without --no-delete)");
    }
  }
}
