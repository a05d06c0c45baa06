package dev.berth.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.ListenAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard tells a person who wants teammates to use the registry. */
class TeammateAccessTest {
  private static final List<String> LAN = List.of("192.168.1.20", "10.8.0.3");

  @Test
  void onLocalhost_nobodyElseCanReachIt_andSettingsIsWhereToChangeThat() {
    TeammateAccess access =
        TeammateAccess.of(ListenAddress.parse("localhost:5000"), 5000, false, false, LAN);

    assertThat(access.advice())
        .startsWith("Only this computer can reach the registry")
        .contains("0.0.0.0:5000 in Settings");
    assertThat(access.commands()).isEmpty();
  }

  @Test
  void onEveryInterface_theBestLanAddressIsOffered_withTheOthers() {
    TeammateAccess access =
        TeammateAccess.of(ListenAddress.parse("0.0.0.0:5000"), 5000, false, false, LAN);

    assertThat(access.commands()).isEqualTo("docker pull 192.168.1.20:5000/IMAGE:TAG");
    assertThat(access.advice())
        .startsWith("Teammates on your network reach it at 192.168.1.20:5000 (also 10.8.0.3).")
        .contains("\"insecure-registries\": [\"192.168.1.20:5000\"]");
  }

  @Test
  void withLoginAndHttps_theCommandsLogInFirst_andTheAdvicePointsAtCertificates() {
    TeammateAccess access =
        TeammateAccess.of(ListenAddress.parse("0.0.0.0:5443"), 5443, true, true, LAN);

    assertThat(access.commands())
        .isEqualTo("docker login 192.168.1.20:5443\ndocker pull 192.168.1.20:5443/IMAGE:TAG");
    assertThat(access.advice()).contains("Certificates has the steps").doesNotContain("insecure");
  }

  @Test
  void onAChosenAddress_thatAddressIsOffered_andWithoutAnyLanAddressNothingIs() {
    assertThat(
            TeammateAccess.of(ListenAddress.parse("192.168.7.2:5000"), 5000, false, false, LAN)
                .commands())
        .isEqualTo("docker pull 192.168.7.2:5000/IMAGE:TAG");
    TeammateAccess offline =
        TeammateAccess.of(ListenAddress.parse("0.0.0.0:5000"), 5000, false, false, List.of());
    assertThat(offline.commands()).isEmpty();
    assertThat(offline.advice()).contains("no address on a local network");
  }

  @Test
  void theMachinesOwnAddresses_areNeverLoopbackOrLinkLocal() {
    assertThat(LanAddresses.current())
        .allSatisfy(
            a -> assertThat(a).doesNotStartWith("127.").doesNotStartWith("169.254.").contains("."));
  }
}
