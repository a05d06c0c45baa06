package dev.berth.desktop.fx;

import java.util.Optional;

/**
 * Asks for a user name and a new password typed twice; a dialog in the app, a prepared answer in
 * tests. The view model checks the answer and asks again with the reason when it is not usable.
 */
@FunctionalInterface
public interface AccountPrompt {
  /**
   * @param fixedName the account's name when only its password is asked for, or null to ask for a
   *     name too
   * @return the answer, or empty when the person cancelled
   */
  Optional<Answer> ask(String title, String message, String fixedName);

  /** What was typed; the passwords are wiped by whoever uses them. */
  record Answer(String name, char[] password, char[] repeated) {}
}
