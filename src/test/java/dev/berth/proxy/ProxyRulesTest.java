package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which upstream a name comes from: prefixes, Docker Hub's library/, the default mirror,
 * containerd's ns.
 */
class ProxyRulesTest {
  final ProxyRules rules =
      new ProxyRules(
          List.of(
              ProxyRule.of("hub", "https://docker.io"),
              ProxyRule.of("ghcr", "https://ghcr.io"),
              ProxyRule.of("lab", "http://127.0.0.1:5001")),
          Optional.of("hub"));

  static RepositoryName name(String value) {
    return RepositoryName.parse(value);
  }

  @Test
  void dockerHubIsReachedAtRegistry1_andItsSingleNamesGetLibrary() {
    ProxyRule hub = rules.rule("hub").orElseThrow();
    assertThat(hub.upstream()).isEqualTo(URI.create("https://registry-1.docker.io"));
    assertThat(hub.libraryNames()).isTrue();
    assertThat(rules.rule("ghcr").orElseThrow().libraryNames()).isFalse();
    ProxiedName alpine = rules.route(name("hub/alpine"), n -> false).orElseThrow();
    assertThat(alpine.upstreamName()).isEqualTo("library/alpine");
    assertThat(alpine.cacheName()).isEqualTo(name("hub/library/alpine"));
    assertThat(rules.route(name("ghcr/owner/tool"), n -> false).orElseThrow().cacheName())
        .isEqualTo(name("ghcr/owner/tool"));
    assertThat(rules.route(name("ghcr/tool"), n -> false).orElseThrow().upstreamName())
        .isEqualTo("tool");
  }

  @Test
  void theDefaultMirror_servesNamesThatAreNeitherLocalNorPrefixed() {
    assertThat(rules.route(name("library/alpine"), n -> false).orElseThrow().cacheName())
        .isEqualTo(name("hub/library/alpine"));
    assertThat(rules.route(name("alpine"), n -> false).orElseThrow().cacheName())
        .isEqualTo(name("hub/library/alpine"));
    assertThat(rules.route(name("team/app"), n -> n.value().equals("team/app")))
        .as("local repositories win")
        .isEmpty();
    assertThat(rules.withDefaultMirror(Optional.empty()).route(name("library/alpine"), n -> false))
        .isEmpty();
    assertThat(rules.prefixOf(name("library/alpine"))).as("pushes there are allowed").isEmpty();
    assertThat(rules.prefixOf(name("hub/library/alpine"))).isPresent();
    assertThat(rules.prefixOf(name("hub"))).as("the prefix alone is no cached name").isEmpty();
  }

  @Test
  void containerdsNs_matchesTheUpstreamHost_withDockerHubsAliases() {
    for (String ns :
        List.of("docker.io", "registry-1.docker.io", "index.docker.io", "DOCKER.IO:443")) {
      assertThat(rules.forNamespace(ns).map(ProxyRule::prefix)).as(ns).contains("hub");
    }
    assertThat(rules.forNamespace("ghcr.io").map(ProxyRule::prefix)).contains("ghcr");
    assertThat(rules.forNamespace("127.0.0.1:5001").map(ProxyRule::prefix)).contains("lab");
    assertThat(rules.forNamespace("127.0.0.1:5002")).isEmpty();
    assertThat(rules.forNamespace("quay.io")).isEmpty();
  }

  @Test
  void rulesThatCannotWork_areRefusedInWords() {
    assertThatThrownBy(() -> ProxyRule.of("hub", "ftp://example.com"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> ProxyRule.of("hub", "https://example.com/v2"))
        .hasMessageContaining("without a path");
    assertThatThrownBy(() -> ProxyRule.of("hub", "https://me:pw@example.com"))
        .hasMessageContaining("berth proxy login");
    assertThatThrownBy(() -> ProxyRule.of("Hub!", "https://example.com"))
        .hasMessageContaining("cannot be a prefix");
    assertThatThrownBy(
            () -> ProxyRule.of("hub", "https://example.com").withTtl(Duration.ofSeconds(-1)))
        .hasMessageContaining("negative");
    assertThatThrownBy(
            () ->
                new ProxyRules(
                    List.of(ProxyRule.of("a", "https://a.io"), ProxyRule.of("a/b", "https://b.io")),
                    Optional.empty()))
        .hasMessageContaining("lies inside");
    assertThatThrownBy(
            () -> new ProxyRules(List.of(ProxyRule.of("a", "https://a.io")), Optional.of("b")))
        .hasMessageContaining("not one of the rules");
    assertThatThrownBy(
            () ->
                new ProxyRules(
                    List.of(ProxyRule.of("a", "https://a.io"), ProxyRule.of("a", "https://b.io")),
                    Optional.empty()))
        .hasMessageContaining("two proxy rules");
  }
}
