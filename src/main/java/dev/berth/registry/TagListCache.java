package dev.berth.registry;

import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sorted tags of recently listed repositories, so that a tags list (which CI jobs issue over
 * and over) need not read thousands of rows each time.
 *
 * <p>Validity works by generations: every change to a repository's tags moves its generation on,
 * <em>after</em> the change committed, and an entry serves only while the generation it was read
 * under is still current. A listing that raced a change therefore either saw the change or is
 * stored under a generation that is already stale. This is sound only because this process is the
 * metadata's single writer (the data folder is locked) and every use case that changes tags
 * announces it with an event after its commit, which {@link #listenTo} turns into {@link #changed}
 * on the announcing thread, before the client hears back: tagging, untagging, deleting a manifest
 * or a repository. Garbage collection never changes tags: it deletes only untagged manifests,
 * checked under the manifest's row lock. With several nodes sharing one database this cache must
 * not be used (another node's changes are not announced here).
 *
 * <p>Memory is bounded: at most {@code maxTags} tags in all, least recently listed repository first
 * out, plus one number per repository whose tags ever changed. Of a repository with more than
 * {@code maxTagsPerEntry} tags only that fact is kept, so that its listings go straight to the
 * database instead of reading the first rows in vain.
 */
public final class TagListCache {
  private final int maxTags;
  private final int maxTagsPerEntry;
  private final AtomicLong clock = new AtomicLong();
  private final Map<RepositoryName, Long> changedAt = new ConcurrentHashMap<>();

  /** In access order, for eviction; guarded by {@code this}. */
  private final LinkedHashMap<RepositoryName, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  private long cachedTags;

  /** {@code tags} is null for a repository known to have too many tags to keep. */
  private record Entry(long generation, List<Tag> tags) {
    int size() {
      return tags == null ? 0 : tags.size();
    }
  }

  /**
   * Tags kept in memory for listings, of repositories with up to 10,000 tags: about 15 MB for names
   * of ten characters, 40 MB if every name had the maximum 128.
   */
  static final int TAGS_CACHED = 200_000;

  static final int TAGS_PER_CACHED_LIST = 10_000;

  TagListCache(int maxTags, int maxTagsPerEntry) {
    this.maxTags = maxTags;
    this.maxTagsPerEntry = Math.min(maxTags, maxTagsPerEntry);
  }

  /**
   * The registry's cache, kept current by the events of {@code events} and reset with {@code
   * metadata}.
   */
  public static TagListCache listenTo(RegistryEvents events, MetadataStore metadata) {
    TagListCache cache = new TagListCache(TAGS_CACHED, TAGS_PER_CACHED_LIST);
    events.subscribeInline(
        RegistryEvent.ManifestPushed.class,
        e -> {
          if (e.tag() != null) {
            cache.changed(e.repository());
          }
        });
    events.subscribeInline(RegistryEvent.TagDeleted.class, e -> cache.changed(e.repository()));
    events.subscribeInline(RegistryEvent.ManifestDeleted.class, e -> cache.changed(e.repository()));
    events.subscribeInline(
        RegistryEvent.RepositoryDeleted.class, e -> cache.changed(e.repository()));
    // A reopened database may lack commits whose sync failed; listings read them again.
    metadata.onReset(cache::clear);
    return cache;
  }

  /** Forgets every entry (after the database was reopened and may differ from what was read). */
  synchronized void clear() {
    entries.keySet().forEach(this::changed);
    entries.clear();
    cachedTags = 0;
  }

  /** The generation to read {@code repository}'s tags under; take it before reading them. */
  long generation(RepositoryName repository) {
    return changedAt.getOrDefault(repository, 0L);
  }

  /**
   * After a transaction that may have changed {@code repository}'s tags ended, committed or not;
   * never before its commit.
   */
  void changed(RepositoryName repository) {
    changedAt.put(repository, clock.incrementAndGet());
  }

  /** How many tags a repository may have and still be cached; read one more to know. */
  int maxTagsPerEntry() {
    return maxTagsPerEntry;
  }

  /**
   * Remembers all of {@code repository}'s tags, sorted as the database sorts them, as read under
   * {@code generation}; when there are more than {@link #maxTagsPerEntry}, remembers only that.
   */
  void store(RepositoryName repository, long generation, List<Tag> allTags) {
    Entry entry =
        new Entry(generation, allTags.size() > maxTagsPerEntry ? null : List.copyOf(allTags));
    synchronized (this) {
      Entry current = entries.get(repository);
      if (current != null && current.generation > generation) {
        return; // a slower listing read under an older generation: keep the newer entry
      }
      Entry replaced = entries.put(repository, entry);
      cachedTags += entry.size() - (replaced == null ? 0 : replaced.size());
      Iterator<Entry> eldestFirst = entries.values().iterator();
      while (cachedTags > maxTags) {
        cachedTags -= eldestFirst.next().size();
        eldestFirst.remove();
      }
    }
  }

  /** What the cache knows about a repository's tags right now. */
  sealed interface Lookup permits Hit, TooMany, Miss {}

  /** The page, served from memory. */
  record Hit(List<Tag> page) implements Lookup {}

  /** The repository has too many tags to keep: ask the database for just the page. */
  record TooMany() implements Lookup {}

  /** Nothing current is known: read all tags (up to one more than can be kept) and store them. */
  record Miss() implements Lookup {}

  /**
   * The tags after {@code after} (all when null), at most {@code limit} of them, when the cached
   * entry is still current.
   */
  Lookup lookup(RepositoryName repository, String after, int limit) {
    Entry entry;
    synchronized (this) {
      entry = entries.get(repository);
    }
    if (entry == null || entry.generation != generation(repository)) {
      return new Miss();
    }
    return entry.tags == null ? new TooMany() : new Hit(slice(entry.tags, after, limit));
  }

  /** The same page the query {@code name > after ORDER BY name LIMIT limit} returns. */
  static List<Tag> slice(List<Tag> sorted, String after, int limit) {
    int from = after == null ? 0 : firstAfter(sorted, after);
    int to = (int) Math.min(sorted.size(), (long) from + Math.max(0, limit));
    return sorted.subList(from, to);
  }

  private static int firstAfter(List<Tag> sorted, String after) {
    int low = 0;
    int high = sorted.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted.get(mid).value().compareTo(after) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
