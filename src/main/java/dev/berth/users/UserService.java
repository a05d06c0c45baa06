package dev.berth.users;

import dev.berth.users.HtpasswdFile.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The user management use cases shared by the command line and the desktop app. Passwords arrive as
 * {@code char[]} and are wiped here once hashed.
 */
public final class UserService {
  private final UserStore store;
  private final BcryptPasswords passwords;
  private final Clock clock;

  public UserService(UserStore store, BcryptPasswords passwords, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.clock = clock;
  }

  public List<User> list() {
    return store.list();
  }

  public User add(String name, char[] password, boolean readOnly, List<Namespace> namespaces) {
    try {
      User user =
          new User(
              UserName.check(name),
              passwords.hash(password),
              readOnly,
              namespaces,
              false,
              clock.instant());
      store.add(user);
      return user;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  public void remove(String name) {
    synchronized (store) {
      User user = existing(name);
      requireAnAdministratorWithout(user, null);
      if (!store.remove(name)) {
        throw new UnknownUserException(name);
      }
    }
  }

  public void changePassword(String name, char[] password) {
    try {
      User user = existing(name);
      store.update(user.withPasswordHash(passwords.hash(password)));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  public void setDisabled(String name, boolean disabled) {
    synchronized (store) {
      User user = existing(name);
      User changed = user.withDisabled(disabled);
      requireAnAdministratorWithout(user, changed);
      store.update(changed);
    }
  }

  public void setAccess(String name, boolean readOnly, List<Namespace> namespaces) {
    synchronized (store) {
      User user = existing(name);
      User changed = user.withReadOnly(readOnly).withNamespaces(namespaces);
      requireAnAdministratorWithout(user, changed);
      store.update(changed);
    }
  }

  /**
   * Refuses to replace {@code before} by {@code after} (null: remove it) when that leaves users who
   * can log in but no enabled administrator. Callers hold the store's monitor from this check to
   * their change, so that two administrators removing each other at once cannot both succeed: every
   * service over one data folder shares its store (the folder is locked to one process). Removing
   * everyone is allowed: with nobody left, the app asks for a first administrator again, and
   * authentication modes refuse to start.
   */
  private void requireAnAdministratorWithout(User before, User after) {
    if (before.disabled() || !before.administrator()) {
      return;
    }
    if (after != null && !after.disabled() && after.administrator()) {
      return;
    }
    List<User> others = store.list().stream().filter(u -> !u.name().equals(before.name())).toList();
    boolean anotherAdministrator =
        others.stream().anyMatch(u -> !u.disabled() && u.administrator());
    boolean anyoneCanLogIn =
        (after != null && !after.disabled()) || others.stream().anyMatch(u -> !u.disabled());
    if (!anotherAdministrator && anyoneCanLogIn) {
      throw new LastAdministratorException(before.name());
    }
  }

  /** What an import did. */
  public record ImportResult(List<String> added, List<String> updated) {}

  /**
   * Adds the file's users with the given access, and replaces the password hash of users that exist
   * already (their access settings stay as they are). The file is checked completely before
   * anything is stored.
   */
  public ImportResult importHtpasswd(Path file, boolean readOnly, List<Namespace> namespaces)
      throws IOException {
    return importEntries(HtpasswdFile.read(file), readOnly, namespaces);
  }

  /**
   * As {@link #importHtpasswd}, for entries already read (e.g. leniently, skipping unusable lines).
   */
  public ImportResult importEntries(
      List<Entry> entries, boolean readOnly, List<Namespace> namespaces) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    for (Entry e : entries) {
      var existing = store.find(e.name());
      if (existing.isPresent()) {
        store.update(existing.get().withPasswordHash(e.hash()));
        updated.add(e.name());
      } else {
        store.add(new User(e.name(), e.hash(), readOnly, namespaces, false, clock.instant()));
        added.add(e.name());
      }
    }
    return new ImportResult(added, updated);
  }

  /**
   * Writes enabled users as an htpasswd file (owner-only) that {@code htpasswd -v} and registry:2
   * accept. Disabled users are left out, since htpasswd has no way to say "disabled"; read-only and
   * namespace settings cannot be expressed either. Returns the names written.
   */
  public List<String> exportHtpasswd(Path file) throws IOException {
    List<Entry> entries =
        store.list().stream()
            .filter(u -> !u.disabled())
            .map(u -> new Entry(u.name(), u.passwordHash()))
            .toList();
    HtpasswdFile.write(file, entries);
    return entries.stream().map(Entry::name).toList();
  }

  private User existing(String name) {
    return store.find(name).orElseThrow(() -> new UnknownUserException(name));
  }
}
