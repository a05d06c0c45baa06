package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With deletion off, every deleting use case refuses, whoever calls it (HTTP API, admin API, the
 * app), and the content stays.
 */
class DeletionPolicyTest {
  @RegisterExtension
  final TestRegistry registry = new TestRegistry(c -> c.withDeleteEnabled(false));

  @Test
  void everyDeletingUseCaseRefuses_andContentStays() {
    var image = TestImages.ociImage("amd64", "x");
    image.push(registry.client(), "app", "v1");
    RepositoryName app = RepositoryName.parse("app");
    RegistryServices services = registry.engine().registry();

    assertUnsupported(
        () ->
            services
                .manifests()
                .delete(dev.berth.events.Caller.app(), app, new Reference.ByTag(Tag.parse("v1"))));
    assertUnsupported(
        () ->
            services
                .manifests()
                .delete(
                    dev.berth.events.Caller.app(), app, new Reference.ByDigest(image.digest())));
    assertUnsupported(
        () -> services.blobs().delete(dev.berth.events.Caller.app(), app, image.config().digest()));
    assertUnsupported(() -> services.repositories().delete(dev.berth.events.Caller.app(), app));

    RegistryClient client = registry.client();
    var refused = client.delete("/berth/v1/repositories/app");
    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(RegistryClient.errorCode(refused)).isEqualTo("UNSUPPORTED");
    assertThat(new String(refused.body())).contains("deletion is turned off");
    var manifest = client.delete("/v2/app/manifests/" + image.digest());
    assertThat(manifest.statusCode()).isEqualTo(405);
    assertThat(RegistryClient.errorCode(manifest)).isEqualTo("UNSUPPORTED");
    assertThat(client.get("/v2/app/manifests/v1").statusCode()).isEqualTo(200);
    assertThat(client.head("/v2/app/blobs/" + image.config().digest()).statusCode()).isEqualTo(200);
  }

  private static void assertUnsupported(Runnable deletion) {
    assertThatThrownBy(deletion::run)
        .isInstanceOf(DeletionDisabledException.class)
        .hasMessageContaining("deletion is turned off for this registry");
  }
}
