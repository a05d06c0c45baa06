package dev.berth.registry;

import java.util.Optional;

/**
 * containerd's mirror requests name the registry they stand for in {@code ?ns=<registry host>}
 * (containerd docs/hosts.md): this says under which name such a repository is served here.
 */
public interface MirrorNamespaces {
  MirrorNamespaces NONE = (ns, name) -> Optional.empty();

  /**
   * The repository to serve for {@code name} asked for on behalf of registry {@code ns}, or empty
   * to serve {@code name} as it is.
   */
  Optional<String> repositoryFor(String ns, String name);

  /**
   * Why {@code name} must not be served on behalf of registry {@code ns}, when no rule stands for
   * that registry: e.g. the default mirror would answer with another registry's image of the same
   * name. Empty when serving {@code name} as it is is right.
   */
  default Optional<String> refusal(String ns, String name) {
    return Optional.empty();
  }
}
