package dev.berth.registry2;

/**
 * How far an import has come, for a progress line or bar. Called on the importing thread; an
 * exception thrown here stops the import (what was done so far stays, and a new run resumes).
 */
@FunctionalInterface
public interface ImportProgress {
  ImportProgress NONE = step -> {};

  /** The phases, in order. */
  enum Phase {
    SCANNING("Reading the registry:2 folder"),
    BLOBS("Verifying and linking blobs"),
    MANIFESTS("Importing manifests and tags"),
    USERS("Importing htpasswd users");

    private final String words;

    Phase(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /**
   * @param done items of this phase finished (repositories, blobs, manifests)
   * @param total items of this phase, or -1 while unknown
   * @param bytes blob bytes verified so far
   */
  record Step(Phase phase, long done, long total, long bytes) {}

  void update(Step step);
}
