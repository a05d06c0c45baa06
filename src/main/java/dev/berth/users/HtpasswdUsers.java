package dev.berth.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of an htpasswd file, as registry:2's {@code auth.htpasswd} has them: each may pull,
 * push and delete everywhere. The file is the only source, edited with {@code htpasswd -B}; it is
 * checked before each lookup (one {@code stat}) and read again when its time, size or inode
 * changed, as registry:2 does. A file that cannot be read keeps the users loaded last, with a
 * warning, so a half-written edit never locks everyone out.
 */
public final class HtpasswdUsers implements UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(HtpasswdUsers.class);

  private final Path file;
  private Loaded loaded;

  private record Stamp(FileTime modified, long size, Object key) {}

  private record Loaded(Stamp stamp, Map<String, User> users) {}

  private HtpasswdUsers(Path file, Loaded loaded) {
    this.file = file;
    this.loaded = loaded;
  }

  /**
   * @throws IOException if the file cannot be read now (registry:2 refuses to start then too)
   */
  public static HtpasswdUsers open(Path file) throws IOException {
    return new HtpasswdUsers(file, load(file));
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized List<User> list() {
    return List.copyOf(current().values());
  }

  @Override
  public synchronized Optional<User> find(String name) {
    return Optional.ofNullable(current().get(name));
  }

  @Override
  public boolean anyEnabled() {
    return !list().isEmpty();
  }

  @Override
  public void add(User user) {
    throw readOnly();
  }

  @Override
  public boolean update(User user) {
    throw readOnly();
  }

  @Override
  public boolean remove(String name) {
    throw readOnly();
  }

  private UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException(
        "users come from the htpasswd file " + file + "; edit it with htpasswd -B");
  }

  private Map<String, User> current() {
    try {
      if (!stamp(file).equals(loaded.stamp())) {
        loaded = load(file);
        LOG.info("Read the htpasswd file {} again: {} users", file, loaded.users().size());
      }
    } catch (IOException e) {
      LOG.warn(
          "Could not read the htpasswd file {}; keeping the {} users read before: {}",
          file,
          loaded.users().size(),
          e.getMessage());
    }
    return loaded.users();
  }

  private static Stamp stamp(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
  }

  private static Loaded load(Path file) throws IOException {
    Stamp before = stamp(file);
    HtpasswdFile.Contents contents = HtpasswdFile.readLeniently(file);
    for (HtpasswdFile.Skipped s : contents.skipped()) {
      LOG.warn("{} line {} is not used: {}", file, s.line(), s.reason());
    }
    Instant created = before.modified().toInstant();
    Map<String, User> users = new LinkedHashMap<>();
    for (HtpasswdFile.Entry e : contents.entries()) {
      users.put(e.name(), new User(e.name(), e.hash(), false, List.of(), false, created));
    }
    return new Loaded(before, users);
  }
}
