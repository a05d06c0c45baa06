package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.metadata.BlobMetadata;
import dev.berth.oci.Digest;
import dev.berth.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A busy blob's reads ask the metadata once per resolution, not once per read. */
class RecentBlobUsesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final List<Digest> touched = new ArrayList<>();
  private final Digest layer = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
  private final Digest unknown = Digest.sha256("unknown".getBytes(StandardCharsets.UTF_8));

  /** Metadata that records every touch as a use now, and knows only {@link #layer}. */
  private final BlobMetadata blobs =
      (BlobMetadata)
          Proxy.newProxyInstance(
              BlobMetadata.class.getClassLoader(),
              new Class<?>[] {BlobMetadata.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("touch")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                touched.add((Digest) args[0]);
                return args[0].equals(layer) ? Optional.of(clock.instant()) : Optional.empty();
              });

  private final RecentBlobUses uses = new RecentBlobUses(blobs, clock);

  @Test
  void readsWithinTheResolution_askOnce_andAReadAfterItAsksAgain() {
    for (int i = 0; i < 100; i++) {
      uses.used(layer);
    }
    assertThat(touched).hasSize(1);

    clock.advance(BlobMetadata.USE_RESOLUTION);
    uses.used(layer);
    assertThat(touched).hasSize(1);

    clock.advance(java.time.Duration.ofSeconds(1));
    uses.used(layer);
    assertThat(touched).hasSize(2);
  }

  @Test
  void afterTheStoreReset_aReadAsksAgain() {
    uses.used(layer);
    uses.forget(); // a reopened database may have lost the stamp

    uses.used(layer);

    assertThat(touched).containsExactly(layer, layer);
  }

  @Test
  void aBlobTheMetadataDoesNotKnow_isAskedAboutEachTime() {
    uses.used(unknown);
    uses.used(unknown);

    assertThat(touched).containsExactly(unknown, unknown);
  }
}
