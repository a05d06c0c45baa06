package dev.berth.users;

import java.time.Instant;
import java.util.List;

/**
 * A registry account. The password hash is a bcrypt string ({@code $2y$10$…}); the plain password
 * is never stored.
 *
 * @param readOnly when true the user may only pull, never push or delete
 * @param namespaces the namespaces the user is limited to ({@code team-a} means {@code team-a/*});
 *     empty means every repository
 * @param disabled a disabled user cannot log in or refresh tokens, but keeps its settings
 */
public record User(
    String name,
    String passwordHash,
    boolean readOnly,
    List<Namespace> namespaces,
    boolean disabled,
    Instant createdAt) {

  public User {
    UserName.check(name);
    if (passwordHash == null || passwordHash.isEmpty()) {
      throw new IllegalArgumentException("user " + name + " has no password hash");
    }
    namespaces = List.copyOf(namespaces);
  }

  /**
   * Whether the user may administer the registry (garbage collection, deleting repositories) and
   * push anywhere: read-write and not limited to namespaces. The access policy uses this rule.
   */
  public boolean administrator() {
    return !readOnly && namespaces.isEmpty();
  }

  public User withPasswordHash(String hash) {
    return new User(name, hash, readOnly, namespaces, disabled, createdAt);
  }

  public User withDisabled(boolean value) {
    return new User(name, passwordHash, readOnly, namespaces, value, createdAt);
  }

  public User withReadOnly(boolean value) {
    return new User(name, passwordHash, value, namespaces, disabled, createdAt);
  }

  public User withNamespaces(List<Namespace> value) {
    return new User(name, passwordHash, readOnly, value, disabled, createdAt);
  }

  /** Hashes are secrets too (offline guessing): keep them out of logs and exception messages. */
  @Override
  public String toString() {
    return "User["
        + name
        + (readOnly ? ", read-only" : ", read-write")
        + (namespaces.isEmpty() ? "" : ", namespaces=" + namespaces)
        + (disabled ? ", disabled" : "")
        + "]";
  }
}
