package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {
  @Test
  void knowsWhoCanConnect_everyInterfaceOrOnlyThisMachine() {
    assertThat(ListenAddress.parse("0.0.0.0:5000").isWildcard()).isTrue();
    assertThat(ListenAddress.parse("[::]:5000").isWildcard()).isTrue();
    assertThat(ListenAddress.parse("localhost:5000").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("127.0.0.1:5000").isLoopback()).isTrue();
    assertThat(ListenAddress.parse("[::1]:5000").isLoopback()).isTrue();
    ListenAddress lan = ListenAddress.parse("192.168.1.20:5000");
    assertThat(lan.isWildcard() || lan.isLoopback()).isFalse();
  }

  @Test
  void parsesHostPortForms() {
    assertThat(ListenAddress.parse("localhost:5000"))
        .isEqualTo(new ListenAddress("localhost", 5000));
    assertThat(ListenAddress.parse(":5000")).isEqualTo(new ListenAddress("0.0.0.0", 5000));
    assertThat(ListenAddress.parse("[::1]:5000")).isEqualTo(new ListenAddress("::1", 5000));
    assertThat(ListenAddress.parse("[::1]:5000").toString()).isEqualTo("[::1]:5000");
    assertThat(ListenAddress.parse("127.0.0.1:0").port()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost:",
        "localhost:http",
        "host:70000",
        "::1:5000",
        "127.0.0.1:0127.0.0.1:38231",
        "a b:5000",
        "host/x:5000"
      })
  void rejectsWhatCannotBeListenedOn(String text) {
    assertThatThrownBy(() -> ListenAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
