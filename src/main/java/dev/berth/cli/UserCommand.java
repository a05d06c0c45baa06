package dev.berth.cli;

import dev.berth.engine.EngineConfig;
import dev.berth.engine.EngineStorage;
import dev.berth.json.Json;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.Namespace;
import dev.berth.users.User;
import dev.berth.users.UserService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth user …}: manage registry users in a data folder that no running registry holds.
 * Passwords are read from standard input or the terminal, never from arguments.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage registry users (stop the registry using the data folder first).",
    subcommands = {
      UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class,
          UserCommand.Disable.class,
      UserCommand.Enable.class, UserCommand.Access.class, UserCommand.ListUsers.class,
          UserCommand.Import.class,
      UserCommand.Export.class
    })
final class UserCommand {

  /** Options every user subcommand has. */
  static class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
    Path data;
  }

  interface Work<T> {
    T run(UserService users) throws Exception;
  }

  static <T> T withUsers(Path data, Work<T> work) throws Exception {
    // The same opening as the server's: the folder lock keeps a running registry and this tool
    // apart.
    Path dir = data == null ? EngineConfig.defaultDataDirectory() : data;
    try (EngineStorage storage = EngineStorage.open(dir, Json.mapper(), Clock.systemUTC())) {
      return work.run(
          new UserService(storage.metadata().users(), new BcryptPasswords(), Clock.systemUTC()));
    }
  }

  static List<Namespace> namespaces(List<String> texts) {
    return texts == null ? List.of() : texts.stream().map(Namespace::parse).toList();
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
  static final class Add extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--read-only", description = "May pull only (no push, no delete).")
    boolean readOnly;

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        description = "Limit to repositories NS/* (repeatable).")
    List<String> namespaces;

    @Override
    public Integer call() throws Exception {
      List<Namespace> ns = namespaces(namespaces);
      char[] password = PasswordInput.read(passwordStdin, "Password for " + name);
      User user = withUsers(data, users -> users.add(name, password, readOnly, ns));
      System.out.println("Added " + describe(user));
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Remove extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      withUsers(
          data,
          users -> {
            users.remove(name);
            return null;
          });
      System.out.println("Removed user " + name);
      return 0;
    }
  }

  @Command(
      name = "passwd",
      mixinStandardHelpOptions = true,
      description = "Change a user's password.")
  static final class Passwd extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      char[] password = PasswordInput.read(passwordStdin, "New password for " + name);
      withUsers(
          data,
          users -> {
            users.changePassword(name, password);
            return null;
          });
      System.out.println(
          "Changed the password of " + name + " (its refresh tokens no longer work)");
      return 0;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Stop a user from logging in (keeps its settings).")
  static final class Disable extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      withUsers(
          data,
          users -> {
            users.setDisabled(name, true);
            return null;
          });
      System.out.println("Disabled user " + name);
      return 0;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Let a disabled user log in again.")
  static final class Enable extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      withUsers(
          data,
          users -> {
            users.setDisabled(name, false);
            return null;
          });
      System.out.println("Enabled user " + name);
      return 0;
    }
  }

  @Command(
      name = "access",
      mixinStandardHelpOptions = true,
      description =
          "Change what a user may do: read-only or read-write, and which namespaces (none = all).")
  static final class Access extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
      @Option(names = "--read-only", description = "May pull only.")
      boolean readOnly;

      @Option(names = "--read-write", description = "May pull, push and delete.")
      boolean readWrite;
    }

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        description = "Limit to repositories NS/* (repeatable); omit for all.")
    List<String> namespaces;

    @Override
    public Integer call() throws Exception {
      List<Namespace> ns = namespaces(namespaces);
      User user =
          withUsers(
              data,
              users -> {
                users.setAccess(name, mode.readOnly, ns);
                return users.list().stream()
                    .filter(u -> u.name().equals(name))
                    .findFirst()
                    .orElseThrow();
              });
      System.out.println("Changed " + describe(user));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List users and their access.")
  static final class ListUsers extends DataOption implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      List<User> all = withUsers(data, UserService::list);
      if (all.isEmpty()) {
        System.out.println("No users. Add one with: berth user add NAME --password-stdin");
      }
      for (User u : all) {
        System.out.println(describe(u));
      }
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Add the users of an htpasswd file (bcrypt only, as made by 'htpasswd -B'); existing users get the file's password.")
  static final class Import extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--read-only", description = "New users may pull only.")
    boolean readOnly;

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        description = "Limit new users to NS/* (repeatable).")
    List<String> namespaces;

    @Override
    public Integer call() throws Exception {
      List<Namespace> ns = namespaces(namespaces);
      UserService.ImportResult r =
          withUsers(data, users -> users.importHtpasswd(file, readOnly, ns));
      System.out.println(
          "Imported "
              + file
              + ": "
              + r.added().size()
              + " added "
              + r.added()
              + ", "
              + r.updated().size()
              + " with a new password "
              + r.updated());
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write enabled users to an htpasswd file (owner-only) that htpasswd and registry:2 read.")
  static final class Export extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      List<String> names = withUsers(data, users -> users.exportHtpasswd(file));
      System.out.println(
          "Wrote "
              + names.size()
              + " users to "
              + file
              + " (read-only flags, namespaces and disabled users cannot be expressed in htpasswd)");
      return 0;
    }
  }

  static String describe(User u) {
    return u.name()
        + "\t"
        + (u.readOnly() ? "read-only" : "read-write")
        + "\t"
        + (u.namespaces().isEmpty() ? "all repositories" : u.namespaces().toString())
        + (u.disabled() ? "\tdisabled" : "");
  }
}
