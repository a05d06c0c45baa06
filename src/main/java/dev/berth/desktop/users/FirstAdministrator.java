package dev.berth.desktop.users;

import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.services.UserAccounts;
import dev.berth.users.UserName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Berth has no default password: when authentication is turned on (or found on at start-up) and
 * nobody can log in, the app asks for the first administrator, a read-write user for every
 * repository, instead of failing.
 */
public final class FirstAdministrator {
  private static final int MAX_ATTEMPTS = 10;

  private final UserAccounts accounts;
  private final AccountPrompt prompt;
  private final BackgroundTasks tasks;
  private final UserMessages messages;

  public FirstAdministrator(
      UserAccounts accounts, AccountPrompt prompt, BackgroundTasks tasks, UserMessages messages) {
    this.accounts = accounts;
    this.prompt = prompt;
    this.tasks = tasks;
    this.messages = messages;
  }

  /**
   * Asks (again, with the reason, while the answer is unusable) and stores the user in the data
   * folder, then runs {@code next} on the UI executor. Call on the UI executor.
   *
   * @return false when the person cancelled; nothing was stored then
   */
  public boolean ask(Path dataDirectory, String why, Runnable next) {
    String message = why;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<AccountPrompt.Answer> answer = prompt.ask("First administrator", message, null);
      if (answer.isEmpty()) {
        return false;
      }
      AccountPrompt.Answer a = answer.get();
      String problem = problem(a);
      if (problem == null) {
        NewPasswords.wipe(a.repeated());
        tasks
            .run(
                "add the administrator " + a.name(),
                progress ->
                    accounts.withUsers(
                        dataDirectory,
                        users -> users.add(a.name(), a.password(), false, List.of())))
            .onSuccess(
                user -> {
                  messages.showInfo(
                      "Added the administrator " + user.name() + ". Add more people in Users.");
                  next.run();
                })
            .start();
        return true;
      }
      NewPasswords.wipe(a.password(), a.repeated());
      message = problem + "\n\n" + why;
    }
    return false;
  }

  private static String problem(AccountPrompt.Answer a) {
    try {
      UserName.check(a.name());
    } catch (IllegalArgumentException e) {
      return e.getMessage() + ".";
    }
    return NewPasswords.problem(a.password(), a.repeated());
  }
}
