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
    Optional<AccountPrompt.Answer> answer =
        prompt.askUntilUsable("First administrator", why, null, FirstAdministrator::problem);
    if (answer.isEmpty()) {
      return false;
    }
    AccountPrompt.Answer a = answer.get();
    NewPasswords.wipe(a.repeated());
    tasks
        .run(
            "add the administrator " + a.name(),
            progress ->
                accounts.withUsers(
                    dataDirectory, users -> users.add(a.name(), a.password(), false, List.of())))
        .onSuccess(
            user -> {
              messages.showInfo(
                  "Added the administrator " + user.name() + ". Add more people in Users.");
              next.run();
            })
        .start();
    return true;
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
