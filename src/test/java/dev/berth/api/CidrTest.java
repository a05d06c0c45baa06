package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void blocksContainTheirAddresses_only() throws Exception {
    Cidr ten = Cidr.parse("10.0.0.0/8");
    Cidr odd = Cidr.parse("192.168.1.128/25");
    Cidr v6 = Cidr.parse("fd00::/8");

    assertThat(ten.contains(InetAddress.getByName("10.255.0.1"))).isTrue();
    assertThat(ten.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(odd.contains(InetAddress.getByName("192.168.1.200"))).isTrue();
    assertThat(odd.contains(InetAddress.getByName("192.168.1.127"))).isFalse();
    assertThat(v6.contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(v6.contains(InetAddress.getByName("10.0.0.1"))).as("another family").isFalse();
    assertThat(Cidr.parse("127.0.0.2").contains(InetAddress.getByName("127.0.0.3")))
        .as("a bare address is a /32")
        .isFalse();
  }

  @Test
  void namesAndBadPrefixes_areRefused_withoutALookup() {
    assertThatThrownBy(() -> Cidr.parse("proxy.example.com"))
        .hasMessageContaining("not an IP address or CIDR block");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessageContaining("no prefix length");
  }
}
