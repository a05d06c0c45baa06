package dev.berth.registry2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry2.Registry2Settings.HtpasswdAuth;
import dev.berth.registry2.Registry2Settings.NoAuth;
import dev.berth.registry2.Registry2Settings.TokenAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * registry:2's configuration rules: the file, the REGISTRY_* overrides, what is refused and what is
 * only named.
 */
class Registry2ConfigurationTest {
  @TempDir Path temp;

  private Registry2Settings read(String yaml, Map<String, String> env) throws Exception {
    Path file = null;
    if (yaml != null) {
      file = Files.writeString(temp.resolve("config.yml"), yaml);
    }
    return new Registry2Configuration().read(Optional.ofNullable(file), env);
  }

  @Test
  void composeExampleVariables_alone() throws Exception {
    Registry2Settings s =
        read(
            null,
            Map.of(
                "REGISTRY_HTTP_ADDR", "0.0.0.0:443",
                "REGISTRY_HTTP_TLS_CERTIFICATE", "/certs/domain.crt",
                "REGISTRY_HTTP_TLS_KEY", "/certs/domain.key",
                "REGISTRY_AUTH", "htpasswd",
                "REGISTRY_AUTH_HTPASSWD_REALM", "Registry Realm",
                "REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd",
                "REGISTRY_STORAGE_DELETE_ENABLED", "true",
                "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/var/lib/registry",
                "REGISTRY_AUTH_FILE", "/root/.config/containers/auth.json"));
    assertThat(s.address()).contains("0.0.0.0:443");
    assertThat(s.tls())
        .contains(
            new Registry2Settings.TlsFiles(
                Path.of("/certs/domain.crt"), Path.of("/certs/domain.key")));
    assertThat(s.auth()).isEqualTo(new HtpasswdAuth("Registry Realm", Path.of("/auth/htpasswd")));
    assertThat(s.deleteEnabled()).isTrue();
    assertThat(s.rootDirectory()).contains(Path.of("/var/lib/registry"));
    assertThat(s.warning()).isEmpty();
  }

  @Test
  void settingASection_replacesTheFilesSection_andLaterVariablesFillItIn() throws Exception {
    String yaml =
        """
        version: 0.1
        auth:
          token:
            realm: https://auth.example.com/token
            service: registry
            issuer: auth
            rootcertbundle: /certs/bundle.pem
        storage:
          filesystem:
            rootdirectory: /srv/registry
          delete:
            enabled: true
        """;
    Registry2Settings s =
        read(
            yaml,
            Map.of(
                "REGISTRY_AUTH",
                "htpasswd",
                "REGISTRY_AUTH_HTPASSWD_REALM",
                "r",
                "REGISTRY_AUTH_HTPASSWD_PATH",
                "/h",
                "REGISTRY_STORAGE_DELETE_ENABLED",
                "false"));
    assertThat(s.auth()).isEqualTo(new HtpasswdAuth("r", Path.of("/h")));
    assertThat(s.deleteEnabled()).isFalse();
    assertThat(s.rootDirectory()).contains(Path.of("/srv/registry"));
    Registry2Settings token = read(yaml, Map.of());
    assertThat(token.auth()).isInstanceOf(TokenAuth.class);
  }

  @Test
  void valuesAreYaml_keysMatchAnyCase_andNumbersIndexLists() throws Exception {
    String yaml =
        """
        http:
          headers:
            X-Content-Type-Options: [nosniff]
        storage:
          maintenance:
            uploadpurging:
              enabled: true
        """;
    Registry2Settings s =
        read(
            yaml,
            Map.of(
                "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_AGE", "72h",
                "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_INTERVAL", "1h30m",
                "REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED", "true",
                "REGISTRY_HTTP_HEADERS_X-CONTENT-TYPE-OPTIONS", "[nosniff, other]",
                "REGISTRY_NOTIFICATIONS_ENDPOINTS_0_NAME", "alistener",
                "REGISTRY_NOTIFICATIONS_ENDPOINTS_0_URL", "https://hooks.example.com/event"));
    assertThat(s.headers()).containsEntry("X-Content-Type-Options", List.of("nosniff", "other"));
    assertThat(s.uploadPurging().age()).isEqualTo(Duration.ofHours(72));
    assertThat(s.uploadPurging().interval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.readOnly()).isTrue();
    assertThat(s.notSupportedYet()).containsExactly("notifications.endpoints");
  }

  @Test
  void unusedKeys_areNamedInOneLine_withoutValues() throws Exception {
    Registry2Settings s =
        read(
            """
        version: 0.1
        log:
          level: debug
          fields:
            service: registry
        storage:
          cache:
            blobdescriptor: inmemory
          filesystem:
            rootdirectory: /var/lib/registry
        http:
          addr: :5000
          secret: s3cr3t-value
        health:
          storagedriver:
            enabled: true
        proxy:
          remoteurl: https://registry-1.docker.io
          username: bob
          password: hunter2-proxy
        """,
            Map.of());
    assertThat(s.logLevel()).contains("debug");
    assertThat(s.proxy().orElseThrow().toString()).doesNotContain("hunter2");
    String warning = s.warning().orElseThrow();
    assertThat(warning)
        .doesNotContain("\n")
        .contains("log.fields", "storage.cache", "http.secret", "health")
        .doesNotContain("proxy.")
        .doesNotContain("hunter2", "s3cr3t", "inmemory", "rootdirectory");
  }

  @Test
  void noAuthSection_meansNoAuthentication_andDeletionOffAsInRegistry2() throws Exception {
    Registry2Settings s = read("version: 0.1\n", Map.of());
    assertThat(s.auth()).isInstanceOf(NoAuth.class);
    assertThat(s.deleteEnabled()).isFalse();
    assertThat(s.uploadPurging()).isEqualTo(Registry2Settings.UploadPurging.DEFAULT);
  }

  @Test
  void settingsWhoseAbsenceWouldWeakenSecurity_stopStartUp() {
    assertThatThrownBy(() -> read("auth:\n  silly:\n    realm: x\n    service: y\n", Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("auth.silly");
    assertThatThrownBy(() -> read(null, Map.of("REGISTRY_AUTH", "ldap")))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("auth.ldap is not an authentication Berth supports");
    assertThatThrownBy(
            () ->
                read(
                    "http:\n  tls:\n    certificate: a\n    key: b\n    clientcas: [/ca.pem]\n",
                    Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("http.tls.clientcas");
    assertThatThrownBy(() -> read("auth:\n  htpasswd:\n    realm: r\n", Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("auth.htpasswd.path must be set");
    assertThatThrownBy(() -> read("storage:\n  s3:\n    bucket: b\n", Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("storage.s3 is not supported");
    assertThatThrownBy(() -> read("proxy:\n  password: a: b-secret\n", Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("is not valid YAML (line")
        .hasMessageNotContaining("b-secret");
    assertThatThrownBy(() -> read("version: 2.0\n", Map.of()))
        .isInstanceOf(Registry2ConfigException.class)
        .hasMessageContaining("version 2.0");
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.parse("168h")).isEqualTo(Duration.ofDays(7));
    assertThat(GoDuration.parse("1h30m10s")).isEqualTo(Duration.ofSeconds(5410));
    assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> GoDuration.parse("a week"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
