package dev.berth.testing;

import dev.berth.oci.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a registry told its clients, with the times each request began and was answered, and the
 * rules that any state after a crash must obey:
 *
 * <ul>
 *   <li>every acknowledged blob and manifest is there with its exact bytes, unless an acknowledged
 *       delete of it followed;
 *   <li>every acknowledged delete stays done;
 *   <li>a tag written by several clients holds the value of a write that no acknowledged write
 *       strictly followed (one that began after it was acknowledged). Unanswered writes may or may
 *       not have happened; answered ones have.
 * </ul>
 *
 * <p>Times come from one monotonic clock, so "began after it was acknowledged" is exact.
 */
public final class AcknowledgedHistory {
  /** No answer yet, or none ever: the write may have happened at any time from its start. */
  public static final long NEVER = Long.MAX_VALUE;

  private final long origin = System.nanoTime();
  private final ConcurrentLinkedQueue<StoredItem> blobs = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<StoredItem> manifests = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<StoredItem> deletedManifests = new ConcurrentLinkedQueue<>();

  /** Deletes sent, answered or not: such a manifest may be gone. */
  private final ConcurrentLinkedQueue<StoredItem> deletesSent = new ConcurrentLinkedQueue<>();

  private final Map<String, ConcurrentLinkedQueue<TagWrite>> tagWrites = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private volatile long lastAcknowledgedAt;

  /** A blob or manifest: its repository, digest and bytes. */
  public record StoredItem(String repository, Digest digest, byte[] bytes) {}

  /**
   * A write to a shared tag: {@code digest} is null for a delete; {@code answeredAt} is {@link
   * #NEVER} until acknowledged.
   */
  public static final class TagWrite {
    final Digest digest;
    final long startedAt;
    volatile long answeredAt = NEVER;

    TagWrite(Digest digest, long startedAt) {
      this.digest = digest;
      this.startedAt = startedAt;
    }
  }

  public long now() {
    return System.nanoTime() - origin;
  }

  /** Nanoseconds since the latest acknowledgement. */
  public long sinceLastAcknowledgement() {
    return now() - lastAcknowledgedAt;
  }

  public long acknowledgedCount() {
    return acknowledged.get();
  }

  private void acknowledge() {
    acknowledged.incrementAndGet();
    lastAcknowledgedAt = now();
  }

  public void blobStored(String repository, byte[] bytes) {
    blobs.add(new StoredItem(repository, Digest.sha256(bytes), bytes));
    acknowledge();
  }

  public void manifestStored(String repository, byte[] bytes) {
    manifests.add(new StoredItem(repository, Digest.sha256(bytes), bytes));
    acknowledge();
  }

  /** Call before sending a delete: from then on the manifest may be gone, answered or not. */
  public void manifestDeleteSending(String repository, Digest digest) {
    deletesSent.add(new StoredItem(repository, digest, null));
  }

  public void manifestDeleted(String repository, Digest digest) {
    deletedManifests.add(new StoredItem(repository, digest, null));
    acknowledge();
  }

  /** Call before sending a write to {@code repository:tag}; null digest for a delete. */
  public TagWrite tagWriteStarting(String repository, String tag, Digest digest) {
    TagWrite write = new TagWrite(digest, now());
    tagWrites
        .computeIfAbsent(repository + ":" + tag, k -> new ConcurrentLinkedQueue<>())
        .add(write);
    return write;
  }

  public void tagWriteAcknowledged(TagWrite write) {
    write.answeredAt = now();
    acknowledge();
  }

  /** A delete the registry answered "no such tag": nothing changed, so nothing to remember. */
  public void tagWriteDidNothing(String repository, String tag, TagWrite write) {
    tagWrites.get(repository + ":" + tag).remove(write);
  }

  public List<StoredItem> blobs() {
    return List.copyOf(blobs);
  }

  /** Acknowledged manifests that no delete, answered or not, may have removed afterwards. */
  public List<StoredItem> liveManifests() {
    List<StoredItem> live = new ArrayList<>();
    for (StoredItem m : manifests) {
      boolean deleted =
          deletesSent.stream()
              .anyMatch(
                  d -> d.repository().equals(m.repository()) && d.digest().equals(m.digest()));
      if (!deleted) {
        live.add(m);
      }
    }
    return live;
  }

  public List<StoredItem> deletedManifests() {
    return List.copyOf(deletedManifests);
  }

  public Map<String, ConcurrentLinkedQueue<TagWrite>> tagWrites() {
    return tagWrites;
  }

  /**
   * Whether {@code observed} (empty: the tag does not exist) is a state the history allows for the
   * tag {@code repositoryAndTag}.
   */
  public boolean allows(String repositoryAndTag, Optional<Digest> observed) {
    List<TagWrite> writes =
        List.copyOf(tagWrites.getOrDefault(repositoryAndTag, new ConcurrentLinkedQueue<>()));
    long latestAcknowledgedStart =
        writes.stream()
            .filter(w -> w.answeredAt != NEVER)
            .mapToLong(w -> w.startedAt)
            .max()
            .orElse(Long.MIN_VALUE);
    if (observed.isEmpty() && latestAcknowledgedStart == Long.MIN_VALUE) {
      return true; // never written for sure: absent is the initial state
    }
    for (TagWrite w : writes) {
      boolean sameValue = observed.map(d -> d.equals(w.digest)).orElse(w.digest == null);
      // Acceptable if no acknowledged write began after this one was answered.
      if (sameValue && !(latestAcknowledgedStart > w.answeredAt)) {
        return true;
      }
    }
    return false;
  }

  /** For failure messages: every write to the tag, in start order. */
  public String describe(String repositoryAndTag) {
    StringBuilder text = new StringBuilder();
    tagWrites.getOrDefault(repositoryAndTag, new ConcurrentLinkedQueue<>()).stream()
        .sorted((a, b) -> Long.compare(a.startedAt, b.startedAt))
        .forEach(
            w ->
                text.append(
                    String.format(
                        "%n  %s started %d ms, answered %s",
                        w.digest == null ? "DELETE" : w.digest,
                        w.startedAt / 1_000_000,
                        w.answeredAt == NEVER ? "never" : w.answeredAt / 1_000_000 + " ms")));
    return text.toString();
  }
}
