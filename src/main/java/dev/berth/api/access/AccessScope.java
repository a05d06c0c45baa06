package dev.berth.api.access;

import dev.berth.oci.RepositoryName;
import java.util.Set;

/**
 * What a request needs to be allowed to do, in the token spec's terms: {@code
 * repository:team/app:pull,push} or {@code registry:catalog:*}. The base endpoint {@code /v2/}
 * needs no scope, only (when auth is on) a valid identity.
 */
public record AccessScope(String type, String name, Set<Action> actions) {

  /** Actions on a repository, as spelled in token scopes. */
  public enum Action {
    PULL("pull"),
    PUSH("push"),
    DELETE("delete"),
    /** {@code registry:catalog:*}: list every repository. */
    ALL("*");

    private final String word;

    Action(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public AccessScope {
    actions = Set.copyOf(actions);
  }

  public static AccessScope repository(RepositoryName name, Action... actions) {
    return new AccessScope("repository", name.value(), Set.of(actions));
  }

  public static AccessScope catalog() {
    return new AccessScope("registry", "catalog", Set.of(Action.ALL));
  }

  /**
   * Berth's administration endpoints ({@code /berth/v1/…}): garbage collection, repository
   * deletion.
   */
  public static AccessScope admin() {
    return new AccessScope("registry", "admin", Set.of(Action.ALL));
  }

  /** The empty scope of {@code /v2/}: only identity matters. */
  public static AccessScope base() {
    return new AccessScope("registry", "base", Set.of());
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(type).append(':').append(name).append(':');
    actions.stream().map(Action::word).sorted().forEach(w -> s.append(w).append(','));
    if (!actions.isEmpty()) {
      s.setLength(s.length() - 1);
    }
    return s.toString();
  }
}
