package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "app",
        "team/app",
        "team/app/api",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a---b",
        "0",
        "x/y.z_w-v"
      })
  void accepts_specGrammar(String name) {
    assertThat(RepositoryName.parse(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "A", "App", "a/", "/a", "a//b", "..", "a/..", "../a", "a/../b", ".a", "a.", "a..b",
        "a___b", "-a", "a-", "a/.b", "a b", "a%2fb", "a\\b", "a:b", "a@b", "%2e%2e", "a/-/b",
      })
  void rejects_everythingElse(String name) {
    assertThatThrownBy(() -> RepositoryName.parse(name)).isInstanceOf(InvalidNameException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 256})
  void limitsLength(int length) {
    String name = "a".repeat(length);
    if (length <= RepositoryName.MAX_LENGTH) {
      assertThat(RepositoryName.parse(name).value()).hasSize(length);
    } else {
      assertThatThrownBy(() -> RepositoryName.parse(name)).hasMessageContaining("at most 255");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"team/app/api"})
  void namespace_isEverythingBeforeTheLastSlash(String name) {
    assertThat(RepositoryName.parse(name).namespace()).isEqualTo("team/app");
    assertThat(RepositoryName.parse("solo").namespace()).isEmpty();
  }
}
