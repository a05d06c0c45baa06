package dev.berth.api.auth;

import dev.berth.api.access.AccessScope;
import dev.berth.api.access.AccessScope.Action;
import dev.berth.oci.InvalidNameException;
import dev.berth.oci.RepositoryName;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads token scopes as clients send them: {@code repository:team/app:pull,push}, {@code
 * registry:catalog:*}, or {@code registry:admin:*} (Berth's admin API, {@code /berth/v1}, which the
 * policy grants to administrators only). The name sits between the first and the last colon;
 * unknown actions are ignored (a token never grants what it cannot name), and malformed scopes are
 * dropped.
 */
final class Scopes {
  private Scopes() {}

  static Optional<AccessScope> parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last <= first + 1) {
      return Optional.empty();
    }
    String type = text.substring(0, first);
    String name = text.substring(first + 1, last);
    Set<Action> actions = EnumSet.noneOf(Action.class);
    for (String word : text.substring(last + 1).split(",")) {
      for (Action a : Action.values()) {
        if (a.word().equals(word.strip())) {
          actions.add(a);
        }
      }
    }
    if (type.equals("repository")) {
      try {
        name = RepositoryName.parse(name).value();
      } catch (InvalidNameException e) {
        return Optional.empty();
      }
    } else if (!(type.equals("registry") && (name.equals("catalog") || name.equals("admin")))) {
      return Optional.empty();
    }
    return Optional.of(new AccessScope(type, name, actions));
  }
}
