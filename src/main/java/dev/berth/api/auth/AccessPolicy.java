package dev.berth.api.auth;

import dev.berth.api.access.AccessScope;
import dev.berth.api.access.AccessScope.Action;
import dev.berth.users.User;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what, in one place, for both Basic and token auth:
 *
 * <ul>
 *   <li>a read-write user may pull, push and delete; a read-only user may only pull;
 *   <li>a user limited to namespaces gets nothing outside {@code <namespace>/*}, and no catalog
 *       (the catalog would list other teams' repositories);
 *   <li>anonymous callers may pull and list the catalog only when anonymous pull is on, and can
 *       never push or delete;
 *   <li>administration ({@code registry:admin:*}: garbage collection, deleting a repository) needs
 *       a read-write user without namespace limits.
 * </ul>
 *
 * <p>Roles and projects can replace the two user flags later without changing the callers: they
 * only ask {@link #granted}.
 */
public final class AccessPolicy {
  private final boolean anonymousPull;

  public AccessPolicy(boolean anonymousPull) {
    this.anonymousPull = anonymousPull;
  }

  /**
   * The subset of {@code requested}'s actions that {@code user} may perform.
   *
   * @param user the authenticated user, or null for an anonymous caller
   */
  public Set<Action> granted(User user, AccessScope requested) {
    Set<Action> allowed = allowed(user, requested);
    Set<Action> result = EnumSet.noneOf(Action.class);
    for (Action a : requested.actions()) {
      if (allowed.contains(a)) {
        result.add(a);
      }
    }
    return result;
  }

  /** Whether every action of {@code scope} is granted. */
  public boolean permits(User user, AccessScope scope) {
    return granted(user, scope).containsAll(scope.actions());
  }

  public boolean anonymousPull() {
    return anonymousPull;
  }

  private Set<Action> allowed(User user, AccessScope scope) {
    if (user != null && user.disabled()) {
      return Set.of();
    }
    if (scope.type().equals("registry") && scope.name().equals("catalog")) {
      boolean ok = user == null ? anonymousPull : user.namespaces().isEmpty();
      return ok ? Set.of(Action.ALL) : Set.of();
    }
    if (scope.equals(AccessScope.admin())) {
      boolean ok = user != null && user.administrator();
      return ok ? Set.of(Action.ALL) : Set.of();
    }
    if (!scope.type().equals("repository")) {
      return Set.of();
    }
    if (user == null) {
      return anonymousPull ? Set.of(Action.PULL) : Set.of();
    }
    if (!user.namespaces().isEmpty()
        && user.namespaces().stream().noneMatch(n -> n.covers(scope.name()))) {
      return Set.of();
    }
    return user.readOnly() ? Set.of(Action.PULL) : Set.of(Action.PULL, Action.PUSH, Action.DELETE);
  }
}
