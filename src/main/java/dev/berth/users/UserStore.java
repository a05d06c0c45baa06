package dev.berth.users;

import java.util.List;
import java.util.Optional;

/** Where users are kept (H2 in Berth). Names are unique and compared exactly. */
public interface UserStore {
  List<User> list();

  Optional<User> find(String name);

  /**
   * @throws UserExistsException if the name is taken
   */
  void add(User user);

  /** Replaces the stored user of the same name; returns false if there is none. */
  boolean update(User user);

  boolean remove(String name);

  /** Whether at least one user can log in: auth modes refuse to start without one. */
  boolean anyEnabled();
}
