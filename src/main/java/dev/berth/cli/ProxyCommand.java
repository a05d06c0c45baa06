package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.EngineConfig;
import dev.berth.proxy.UpstreamCredentials;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth proxy login|logout}: the upstream login of a pull-through cache rule, stored
 * owner-only in the data folder ({@code proxy-credentials.json}). A running registry uses it from
 * its next upstream request; the password never appears on a command line or in a log.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Upstream logins of the pull-through cache.",
    subcommands = {ProxyCommand.Login.class, ProxyCommand.Logout.class})
final class ProxyCommand {

  static class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ~/.berth).")
    Path data;

    UpstreamCredentials credentials() {
      return new UpstreamCredentials(
          data == null ? EngineConfig.defaultDataDirectory() : data, new ObjectMapper());
    }
  }

  @Command(
      name = "login",
      mixinStandardHelpOptions = true,
      description = "Store the login Berth uses at a rule's upstream.")
  static final class Login extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "PREFIX", description = "The rule's prefix, e.g. hub.")
    String prefix;

    @Option(
        names = "--user",
        paramLabel = "NAME",
        required = true,
        description = "The user name at the upstream.")
    String user;

    @Option(
        names = "--password-stdin",
        description = "Read the password (or access token) from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      char[] password =
          PasswordInput.read(
              passwordStdin, "Password for " + user + " at the upstream of " + prefix);
      credentials().save(prefix, new UpstreamCredentials.Login(user, new String(password)));
      System.out.println(
          "Stored the upstream login of '"
              + prefix
              + "' for "
              + user
              + " (owner-only, in the data folder).");
      return 0;
    }
  }

  @Command(
      name = "logout",
      mixinStandardHelpOptions = true,
      description = "Forget a rule's upstream login.")
  static final class Logout extends DataOption implements Callable<Integer> {
    @Parameters(paramLabel = "PREFIX")
    String prefix;

    @Override
    public Integer call() throws Exception {
      boolean removed = credentials().remove(prefix);
      System.out.println(
          removed
              ? "Forgot the upstream login of '" + prefix + "'."
              : "'" + prefix + "' had no stored login.");
      return 0;
    }
  }
}
