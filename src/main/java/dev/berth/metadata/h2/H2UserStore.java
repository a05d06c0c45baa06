package dev.berth.metadata.h2;

import dev.berth.users.Namespace;
import dev.berth.users.User;
import dev.berth.users.UserExistsException;
import dev.berth.users.UserStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Users in the {@code users} and {@code user_namespaces} tables (migration V2). */
final class H2UserStore implements UserStore {
  private static final String SELECT =
      "SELECT name, password_hash, read_only, disabled, created_at FROM users";

  private final Jdbc jdbc;

  H2UserStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<User> list() {
    return jdbc.read(
        c -> {
          List<User> users = new ArrayList<>();
          for (User u : Jdbc.list(c, SELECT + " ORDER BY name", s -> {}, H2UserStore::row)) {
            users.add(u.withNamespaces(namespaces(c, u.name())));
          }
          return users;
        });
  }

  @Override
  public Optional<User> find(String name) {
    return jdbc.read(
        c -> {
          Optional<User> user =
              Jdbc.first(
                  c, SELECT + " WHERE name = ?", s -> s.setString(1, name), H2UserStore::row);
          return user.isPresent()
              ? Optional.of(user.get().withNamespaces(namespaces(c, name)))
              : user;
        });
  }

  @Override
  public void add(User user) {
    jdbc.write(
        c -> {
          try {
            Jdbc.update(
                c,
                "INSERT INTO users (name, password_hash, read_only, disabled, created_at) VALUES (?, ?, ?, ?, ?)",
                s -> {
                  s.setString(1, user.name());
                  s.setString(2, user.passwordHash());
                  s.setBoolean(3, user.readOnly());
                  s.setBoolean(4, user.disabled());
                  Jdbc.setInstant(s, 5, user.createdAt());
                });
          } catch (SQLException e) {
            if (Jdbc.isDuplicateKey(e)) {
              throw new UserExistsException(user.name());
            }
            throw e;
          }
          insertNamespaces(c, user);
          return null;
        });
  }

  @Override
  public boolean update(User user) {
    return jdbc.write(
        c -> {
          int rows =
              Jdbc.update(
                  c,
                  "UPDATE users SET password_hash = ?, read_only = ?, disabled = ? WHERE name = ?",
                  s -> {
                    s.setString(1, user.passwordHash());
                    s.setBoolean(2, user.readOnly());
                    s.setBoolean(3, user.disabled());
                    s.setString(4, user.name());
                  });
          if (rows == 0) {
            return false;
          }
          Jdbc.update(
              c,
              "DELETE FROM user_namespaces WHERE user_name = ?",
              s -> s.setString(1, user.name()));
          insertNamespaces(c, user);
          return true;
        });
  }

  @Override
  public boolean remove(String name) {
    return jdbc.update("DELETE FROM users WHERE name = ?", s -> s.setString(1, name)) > 0;
  }

  @Override
  public boolean anyEnabled() {
    return jdbc.first("SELECT 1 FROM users WHERE NOT disabled LIMIT 1", s -> {}, rs -> Boolean.TRUE)
        .isPresent();
  }

  private static void insertNamespaces(Connection c, User user) throws SQLException {
    for (Namespace n : user.namespaces()) {
      Jdbc.update(
          c,
          "INSERT INTO user_namespaces (user_name, prefix) VALUES (?, ?)",
          s -> {
            s.setString(1, user.name());
            s.setString(2, n.prefix());
          });
    }
  }

  private static List<Namespace> namespaces(Connection c, String name) throws SQLException {
    return Jdbc.list(
        c,
        "SELECT prefix FROM user_namespaces WHERE user_name = ? ORDER BY prefix",
        s -> s.setString(1, name),
        rs -> new Namespace(rs.getString(1)));
  }

  private static User row(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("name"),
        rs.getString("password_hash"),
        rs.getBoolean("read_only"),
        List.of(),
        rs.getBoolean("disabled"),
        Jdbc.getInstant(rs, "created_at"));
  }
}
