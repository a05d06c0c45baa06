package dev.berth.desktop.fx;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Asks for a user name and a new password typed twice; a dialog in the app, a prepared answer in
 * tests. The view model says what makes an answer unusable, and the prompt asks again with the
 * reason until the answer is usable or the person cancels.
 */
@FunctionalInterface
public interface AccountPrompt {
  /** How often an unusable answer is asked for again before giving up. */
  int MAX_ATTEMPTS = 10;

  /**
   * @param fixedName the account's name when only its password is asked for, or null to ask for a
   *     name too
   * @return the answer, or empty when the person cancelled
   */
  Optional<Answer> ask(String title, String message, String fixedName);

  /**
   * As {@link #ask}, until {@code problem} (null for a usable answer) has nothing to say. This way
   * asks again with the reason before the message; the app's dialog instead stays open and shows
   * the reason under the fields, so it neither closes nor changes size.
   */
  default Optional<Answer> askUntilUsable(
      String title, String message, String fixedName, Function<Answer, String> problem) {
    String shown = message;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Answer> answer = ask(title, shown, fixedName);
      if (answer.isEmpty()) {
        return answer;
      }
      String reason = problem.apply(answer.get());
      if (reason == null) {
        return answer;
      }
      answer.get().wipe();
      shown = reason + "\n\n" + message;
    }
    return Optional.empty();
  }

  /** What was typed; the passwords are wiped by whoever uses them. */
  record Answer(String name, char[] password, char[] repeated) {
    /** Overwrites both passwords. */
    public void wipe() {
      Arrays.fill(password, '\0');
      Arrays.fill(repeated, '\0');
    }
  }
}
