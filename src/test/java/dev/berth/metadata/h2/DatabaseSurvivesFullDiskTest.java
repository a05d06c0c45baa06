package dev.berth.metadata.h2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.MetadataException;
import dev.berth.testing.SmallFileSystem;
import dev.berth.users.User;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When H2 cannot write its file (here: another program filled the disk to the last byte), it closes
 * the database for every connection. Berth's store must then fail only the writes that could not be
 * made durable, keep every write it acknowledged, and work again by itself as soon as there is
 * room, without a restart.
 */
class DatabaseSurvivesFullDiskTest {
  private static SmallFileSystem disk;

  @BeforeAll
  static void mount() throws Exception {
    disk = SmallFileSystem.provide();
  }

  @AfterAll
  static void unmount() throws Exception {
    disk.close();
  }

  @Test
  void aWriteThatCannotReachTheDiskFails_acknowledgedOnesStay_andTheStoreRecoversWhenSpaceReturns()
      throws Exception {
    Path folder = disk.freshFolder("metadata");
    boolean acknowledgedWhileFull;
    try (H2MetadataStore store =
        H2MetadataStore.open(folder, new ObjectMapper(), java.time.Clock.systemUTC())) {
      List<String> acknowledged = new ArrayList<>();
      Path filler = disk.fillCompletely();
      MetadataException failure = null;
      for (int i = 0; i < 5_000 && failure == null; i++) {
        try {
          store.users().add(user("user" + i));
          acknowledged.add("user" + i);
        } catch (MetadataException e) {
          failure = e;
        }
      }
      assertThat(failure).as("a write on a completely full disk failed").isNotNull();
      assertThat(saysTheDiskIsFull(failure)).as("%s says the disk is full", failure).isTrue();
      // Still full: the next write, made while the database is being reopened, fails and says why
      // (or, if the reopen found room in the file, succeeds durably); nothing hangs.
      try {
        store.users().add(user("while-full"));
        acknowledged.add("while-full");
      } catch (MetadataException e) {
        assertThat(saysTheDiskIsFull(e)).as("%s says the disk is full", e).isTrue();
      }

      disk.removeFiller(filler);
      awaitWorking(() -> store.users().add(user("after")));
      assertThat(store.users().find("after")).isPresent();
      for (String name : acknowledged) {
        assertThat(store.users().find(name)).as("acknowledged %s", name).isPresent();
      }
      acknowledgedWhileFull = acknowledged.contains("while-full");
      System.out.printf(
          "%d writes acknowledged before the disk was full; the store recovered without a restart%n",
          acknowledged.size());
    }
    try (H2MetadataStore reopened =
        H2MetadataStore.open(folder, new ObjectMapper(), java.time.Clock.systemUTC())) {
      assertThat(reopened.users().find("after")).isPresent();
      assertThat(reopened.users().find("while-full").isPresent())
          .as("the write made while the disk was full is there exactly if it was acknowledged")
          .isEqualTo(acknowledgedWhileFull);
    }
    try (var files = java.nio.file.Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static boolean saysTheDiskIsFull(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  private static User user(String name) {
    return new User(name, "$2y$10$" + "a".repeat(53), false, List.of(), false, Instant.now());
  }

  private interface Write {
    void run();
  }

  private static void awaitWorking(Write write) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        write.run();
        return;
      } catch (MetadataException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the store did not recover within 15 s after space was freed", e);
        }
        Thread.sleep(100);
      }
    }
  }
}
