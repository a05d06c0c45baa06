package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 15, item 10: IPv6 was shown as Java prints it ({@code 0:0:0:0:0:0:0:1}). */
class IpTextTest {
  @Test
  void ipv6_isWrittenTheWayRfc5952Says() {
    assertThat(IpText.compact("0:0:0:0:0:0:0:1")).isEqualTo("::1");
    assertThat(IpText.compact("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
    assertThat(IpText.compact("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
    assertThat(IpText.compact("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(IpText.compact("0:0:0:0:0:0:0:0")).isEqualTo("::");
    assertThat(IpText.compact("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(SubjectName.parse("0:0:0:0:0:0:0:1").value()).isEqualTo("::1");
  }
}
