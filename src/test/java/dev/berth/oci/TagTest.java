package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {
  /** The grammar exactly as the OCI distribution spec writes it. */
  private static final Pattern SPEC = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  @ParameterizedTest
  @ValueSource(strings = {"latest", "1.2.0", "_", "_x", "v1-rc.2", "A", "9", "sha256-abc.sig"})
  void accepts_specGrammar(String tag) {
    assertThat(Tag.parse(tag).value()).isEqualTo(tag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".x", "-x", "a/b", "a:b", "a b", "a@b", "é", "latest\n", "a\u0000"})
  void rejects_everythingElse(String tag) {
    assertThatThrownBy(() -> Tag.parse(tag))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("invalid tag");
  }

  @Test
  void limitsLengthTo128() {
    assertThat(Tag.parse("a".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> Tag.parse("a".repeat(129))).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Tag.parse(null)).isInstanceOf(InvalidNameException.class);
  }

  @Test
  void agreesWithTheSpecRegex_onRandomStrings() {
    String alphabet = "aZ09_.-/:@ é\u0000";
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(4) == 0 ? 126 + random.nextInt(4) : random.nextInt(6);
      for (int j = 0; j < length; j++) {
        // Mostly valid characters, so long valid strings occur as often as invalid ones.
        s.append(
            random.nextInt(8) == 0
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : "aZ09_.-".charAt(random.nextInt(7)));
      }
      String candidate = s.toString();
      boolean accepted;
      try {
        Tag.parse(candidate);
        accepted = true;
      } catch (InvalidNameException e) {
        accepted = false;
      }
      assertThat(accepted).as("'%s'", candidate).isEqualTo(SPEC.matcher(candidate).matches());
    }
  }
}
