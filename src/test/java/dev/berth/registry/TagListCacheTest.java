package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TagListCacheTest {
  private static final RepositoryName APP = RepositoryName.parse("app");
  private static final RepositoryName WEB = RepositoryName.parse("web");

  private static List<Tag> tags(String... names) {
    return java.util.Arrays.stream(names)
        .map(Tag::parse)
        .sorted(Comparator.comparing(Tag::value))
        .toList();
  }

  @Test
  void slice_returnsWhatTheQueryWould_forEveryCursorAndPageSize() {
    Random random = new Random(3);
    String alphabet = "aZ09_.-";
    List<Tag> sorted = new ArrayList<>();
    while (sorted.size() < 60) {
      StringBuilder name = new StringBuilder("aZ09_".charAt(random.nextInt(5)) + "");
      for (int i = random.nextInt(4); i > 0; i--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Tag tag = Tag.parse(name.toString());
      if (!sorted.contains(tag)) {
        sorted.add(tag);
      }
    }
    sorted.sort(Comparator.comparing(Tag::value));
    List<String> cursors = new ArrayList<>(sorted.stream().map(Tag::value).toList());
    cursors.addAll(List.of("", "0", "Z~", "a.", "zzzz", "_"));

    for (String after : cursors) {
      for (int limit : new int[] {0, 1, 2, 7, 100}) {
        List<Tag> expected =
            sorted.stream().filter(t -> t.value().compareTo(after) > 0).limit(limit).toList();
        assertThat(TagListCache.slice(sorted, after, limit))
            .as("after '%s', n=%d", after, limit)
            .isEqualTo(expected);
      }
    }
    assertThat(TagListCache.slice(sorted, null, 5)).isEqualTo(sorted.subList(0, 5));
  }

  @Test
  void entry_servesOnlyUntilTheRepositoryChanges() {
    TagListCache cache = new TagListCache(100, 10);
    cache.store(APP, cache.generation(APP), tags("a", "b"));
    assertThat(cache.lookup(APP, null, 10)).isEqualTo(new TagListCache.Hit(tags("a", "b")));

    cache.changed(WEB);
    assertThat(cache.lookup(APP, null, 10))
        .as("another repository's change")
        .isEqualTo(new TagListCache.Hit(tags("a", "b")));

    cache.changed(APP);
    assertThat(cache.lookup(APP, null, 10)).isInstanceOf(TagListCache.Miss.class);
  }

  @Test
  void listingThatRacedAChange_isNeverServed() {
    TagListCache cache = new TagListCache(100, 10);
    long readUnder = cache.generation(APP); // a listing starts ...
    cache.changed(APP); // ... a tag is pushed and committed meanwhile ...
    cache.store(APP, readUnder, tags("a")); // ... and the listing, maybe without it, is stored

    assertThat(cache.lookup(APP, null, 10)).isInstanceOf(TagListCache.Miss.class);
  }

  @Test
  void aSlowListingUnderAnOlderGeneration_doesNotReplaceANewerEntry() {
    TagListCache cache = new TagListCache(100, 10);
    long old = cache.generation(APP);
    cache.changed(APP);
    cache.store(APP, cache.generation(APP), tags("a", "b"));

    cache.store(APP, old, tags("a"));

    assertThat(cache.lookup(APP, null, 10)).isEqualTo(new TagListCache.Hit(tags("a", "b")));
  }

  @Test
  void memory_isBoundedByTotalTags_evictingTheLeastRecentlyListed() {
    TagListCache cache = new TagListCache(5, 5);
    RepositoryName big = RepositoryName.parse("big");
    cache.store(APP, 0, tags("a", "b"));
    cache.store(WEB, 0, tags("c", "d"));
    cache.lookup(APP, null, 10); // APP is now the most recently listed

    cache.store(RepositoryName.parse("new"), 0, tags("e", "f"));
    cache.store(big, 0, tags("1", "2", "3", "4", "5", "6")); // more than one entry may hold

    assertThat(cache.lookup(WEB, null, 10)).isInstanceOf(TagListCache.Miss.class);
    assertThat(cache.lookup(APP, null, 10)).isInstanceOf(TagListCache.Hit.class);
    assertThat(cache.lookup(RepositoryName.parse("new"), null, 10))
        .isInstanceOf(TagListCache.Hit.class);
    assertThat(cache.lookup(big, null, 10))
        .as("only the fact is kept, until its tags change")
        .isInstanceOf(TagListCache.TooMany.class);
    cache.changed(big);
    assertThat(cache.lookup(big, null, 10)).isInstanceOf(TagListCache.Miss.class);
  }
}
