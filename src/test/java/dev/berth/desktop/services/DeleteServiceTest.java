package dev.berth.desktop.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.DeletionDisabledException;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's deletes, against a real engine filled over HTTP: they mean what the HTTP API's deletes
 * mean, and with deletion off they are refused by the engine's one rule, in words, with nothing
 * touched.
 */
class DeleteServiceTest {
  private static final RepositoryName API = new RepositoryName("team/app/api");

  @TempDir Path data;

  @Test
  void deleteTag_keepsTheManifest_deleteManifest_removesItsTags_deleteRepository_removesAll()
      throws Exception {
    try (BerthEngine engine = start(true)) {
      RegistryClient client = new RegistryClient(engine.url());
      Image api = TestImages.appImage("api");
      api.push(client, API.value(), "1.0");
      api.push(client, API.value(), "stable");
      DeleteService delete = deleteService(engine);

      delete.deleteTag(API, new Tag("1.0"));
      assertThat(client.get("/v2/team/app/api/manifests/1.0").statusCode()).isEqualTo(404);
      assertThat(client.get("/v2/team/app/api/manifests/" + api.digest()).statusCode())
          .isEqualTo(200);

      delete.deleteManifest(API, api.digest());
      assertThat(client.get("/v2/team/app/api/manifests/stable").statusCode()).isEqualTo(404);
      assertThat(client.get("/v2/team/app/api/manifests/" + api.digest()).statusCode())
          .isEqualTo(404);

      TestImages.appImage("again").push(client, API.value(), "2.0");
      delete.deleteRepository(API);
      assertThat(client.get("/v2/team/app/api/tags/list").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withDeletionOff_everyDeleteIsRefusedInWords_andTheHttpApiSaysTheSame() throws Exception {
    try (BerthEngine engine = start(false)) {
      RegistryClient client = new RegistryClient(engine.url());
      Image api = TestImages.appImage("api");
      api.push(client, API.value(), "1.0");
      DeleteService delete = deleteService(engine);

      assertThat(delete.enabled()).isFalse();
      assertThatThrownBy(() -> delete.deleteTag(API, new Tag("1.0")))
          .isInstanceOf(DeletionDisabledException.class)
          .hasMessageContaining("deletion is turned off");
      assertThatThrownBy(() -> delete.deleteManifest(API, api.digest()))
          .isInstanceOf(DeletionDisabledException.class);
      assertThatThrownBy(() -> delete.deleteRepository(API))
          .isInstanceOf(DeletionDisabledException.class);

      var http = client.delete("/v2/team/app/api/manifests/" + api.digest());
      assertThat(http.statusCode()).isEqualTo(405);
      assertThat(RegistryClient.errorCode(http)).isEqualTo("UNSUPPORTED");
      assertThat(new String(http.body())).contains("deletion is turned off");
      assertThat(client.get("/v2/team/app/api/manifests/1.0").statusCode()).isEqualTo(200);
    }
  }

  private BerthEngine start(boolean deleteEnabled) throws Exception {
    return BerthEngine.start(
        EngineConfig.of(new ListenAddress("127.0.0.1", 0), data).withDeleteEnabled(deleteEnabled));
  }

  private static DeleteService deleteService(BerthEngine engine) {
    return new DeleteService(
        engine.deletion(), engine.registry().repositories(), engine.registry().manifests());
  }
}
