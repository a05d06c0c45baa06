package dev.berth.check;

import dev.berth.check.CheckFinding.Kind;
import dev.berth.metadata.IntegrityMetadata;
import dev.berth.metadata.IntegrityMetadata.RecordedBlob;
import dev.berth.metadata.IntegrityMetadata.StoredManifestRow;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Checks that what the registry serves is what was pushed: every recorded blob is re-hashed (a
 * scrub) against its digest, every stored manifest too; recorded blobs without bytes, images that
 * reference blobs nobody has, and files no metadata knows are found. Works offline ({@code berth
 * check}) and while serving (the app's Storage view): a blob that a concurrent garbage collection
 * removes is not reported as lost, because the loss is confirmed against the metadata again.
 *
 * <p>Repair does only what is always safe: damaged bytes move aside (kept for a person, never
 * deleted), and blobs without good bytes are forgotten, so that the next push of an image that
 * needs them uploads them again. Nothing else is changed; damaged manifests and broken images are
 * named so that their owners can push them again.
 *
 * <p>Memory does not grow with the registry: metadata is read in pages, files one at a time.
 */
public final class StorageCheck {
  private static final int PAGE = 200;
  private static final int MANIFEST_PAGE = 16; // manifests carry their bytes, up to 4 MiB each
  private static final int BROKEN_IMAGES_LISTED = 1_000;
  private static final int HASH_BUFFER = 256 * 1024;

  private final IntegrityMetadata metadata;
  private final BlobStore blobs;
  private final Clock clock;

  public StorageCheck(IntegrityMetadata metadata, BlobStore blobs, Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * @param repair move damaged bytes aside and forget blobs without good bytes
   * @param quick skip re-hashing blob bytes (sizes and presence only)
   */
  public record Options(boolean repair, boolean quick) {}

  /** Progress for a bar: {@code done} of {@code total} bytes of the current phase. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (phase, done, total) -> {};

    void onProgress(String phase, long done, long total);
  }

  public CheckReport run(Options options, Listener listener, BooleanSupplier cancelled)
      throws IOException {
    Instant started = clock.instant();
    Run run = new Run(options, listener, cancelled);
    boolean complete = run.blobs() && run.manifests() && run.files() && run.brokenImages();
    return new CheckReport(
        run.blobsChecked,
        run.bytesChecked,
        run.manifestsChecked,
        run.filesChecked,
        run.findings,
        !complete,
        Duration.between(started, clock.instant()));
  }

  /** The state of one check; each phase returns false when cancelled. */
  private final class Run {
    final Options options;
    final Listener listener;
    final BooleanSupplier cancelled;
    final List<CheckFinding> findings = new ArrayList<>();
    long blobsChecked;
    long bytesChecked;
    long manifestsChecked;
    long filesChecked;

    Run(Options options, Listener listener, BooleanSupplier cancelled) {
      this.options = options;
      this.listener = listener;
      this.cancelled = cancelled;
    }

    boolean blobs() throws IOException {
      long total = totalRecordedBytes();
      Digest after = null;
      for (List<RecordedBlob> page = metadata.blobsAfter(null, PAGE);
          !page.isEmpty();
          page = metadata.blobsAfter(after, PAGE)) {
        for (RecordedBlob blob : page) {
          if (cancelled.getAsBoolean()) {
            return false;
          }
          checkBlob(blob);
          blobsChecked++;
          bytesChecked += blob.size();
          listener.onProgress("blobs", bytesChecked, total);
          after = blob.digest();
        }
      }
      return true;
    }

    private long totalRecordedBytes() {
      long total = 0;
      Digest after = null;
      for (List<RecordedBlob> page = metadata.blobsAfter(null, PAGE * 5);
          !page.isEmpty();
          page = metadata.blobsAfter(after, PAGE * 5)) {
        for (RecordedBlob blob : page) {
          total += blob.size();
          after = blob.digest();
        }
      }
      return total;
    }

    private void checkBlob(RecordedBlob blob) throws IOException {
      Optional<Long> size = blobs.size(blob.digest());
      if (size.isEmpty()) {
        if (metadata.isRecorded(blob.digest())) { // not collected meanwhile: really lost
          report(Kind.MISSING_BLOB, blob.digest(), blob.size());
        }
        return;
      }
      if (size.get() != blob.size() || (!options.quick() && !hashesTo(blob.digest()))) {
        if (metadata.isRecorded(blob.digest())) {
          report(Kind.DAMAGED_BLOB, blob.digest(), size.get());
        }
      }
    }

    private boolean hashesTo(Digest digest) throws IOException {
      MessageDigest md = digest.algorithm().newMessageDigest();
      try (InputStream in = blobs.open(digest, 0)) {
        byte[] buffer = new byte[HASH_BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
          md.update(buffer, 0, n);
        }
      } catch (java.nio.file.NoSuchFileException e) {
        return true; // collected while we read: nothing to report
      }
      return Digest.of(digest.algorithm(), md.digest()).equals(digest);
    }

    boolean manifests() {
      ManifestKey after = null;
      for (List<StoredManifestRow> page = metadata.manifestsAfter(null, MANIFEST_PAGE);
          !page.isEmpty();
          page = metadata.manifestsAfter(after, MANIFEST_PAGE)) {
        for (StoredManifestRow row : page) {
          if (cancelled.getAsBoolean()) {
            return false;
          }
          Digest actual =
              Digest.of(
                  row.digest().algorithm(),
                  row.digest().algorithm().newMessageDigest().digest(row.content()));
          if (!actual.equals(row.digest())) {
            findings.add(
                new CheckFinding(
                    Kind.DAMAGED_MANIFEST,
                    row.digest(),
                    row.content().length,
                    List.of(row.repository() + "@" + row.digest()),
                    null));
          }
          manifestsChecked++;
          listener.onProgress("manifests", manifestsChecked, 0);
          after = new ManifestKey(row.repository(), row.digest());
        }
      }
      return true;
    }

    /**
     * Files without metadata: leftovers of a crash, which garbage collection removes after its
     * grace period.
     */
    boolean files() throws IOException {
      List<Digest> unknown = new ArrayList<>();
      try {
        blobs.forEachDigest(
            digest -> {
              if (cancelled.getAsBoolean()) {
                throw new Cancelled();
              }
              filesChecked++;
              if (!metadata.isRecorded(digest)) {
                unknown.add(digest);
              }
              if (unknown.size() > 10_000) {
                throw new Cancelled(); // a listing of that many leftovers helps nobody; GC handles
                // them
              }
            });
      } catch (Cancelled e) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
      }
      for (Digest digest : unknown) {
        blobs
            .size(digest)
            .ifPresent(
                size ->
                    findings.add(
                        new CheckFinding(Kind.LEFTOVER_FILE, digest, size, List.of(), null)));
      }
      return true;
    }

    boolean brokenImages() {
      for (IntegrityMetadata.BrokenReference broken :
          metadata.referencesToUnrecordedBlobs(BROKEN_IMAGES_LISTED)) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        findings.add(
            new CheckFinding(
                Kind.BROKEN_IMAGE,
                broken.blob(),
                0,
                List.of(broken.repository() + "@" + broken.manifest()),
                null));
      }
      return true;
    }

    /** Records damage to a blob, with the images that need it, and repairs it if asked. */
    private void report(Kind kind, Digest digest, long bytes) throws IOException {
      List<String> usedBy = metadata.usesOf(digest).images();
      CheckFinding finding = new CheckFinding(kind, digest, bytes, usedBy, null);
      if (options.repair()) {
        finding = finding.withRepair(repair(kind, digest));
      }
      findings.add(finding);
    }

    private String repair(Kind kind, Digest digest) throws IOException {
      StringBuilder done = new StringBuilder();
      if (kind == Kind.DAMAGED_BLOB) {
        Optional<String> movedTo = blobs.quarantine(digest, clock.instant());
        movedTo.ifPresent(place -> done.append("moved to ").append(place).append("; "));
      }
      if (metadata.forgetBlob(digest)) {
        done.append("forgotten, so the next push uploads it again");
      }
      return done.toString();
    }
  }

  /** Ends a walk early; never escapes this class. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }
}
