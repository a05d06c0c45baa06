package dev.berth.registry2;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A registry:2 filesystem-driver folder, read only. The only code that turns names into paths in
 * it; every name read from a folder listing is parsed into a value ({@link RepositoryName}, {@link
 * Tag}, {@link Digest}) before it is used, so nothing odd in the tree can lead outside it. Layout
 * (distribution's {@code registry/storage/paths.go}):
 *
 * <pre>
 * &lt;rootdirectory&gt;/docker/registry/v2/
 *   blobs/sha256/&lt;2 hex&gt;/&lt;64 hex&gt;/data                      bytes of layers, configs and manifests
 *   repositories/&lt;name…&gt;/                                   nested names: team/app, org/team/app
 *     _layers/sha256/&lt;hex&gt;/link                              the repository may serve this blob
 *     _manifests/revisions/sha256/&lt;hex&gt;/link                 a manifest of the repository
 *     _manifests/tags/&lt;tag&gt;/current/link                     the tag's manifest (index/ keeps its history)
 *     _uploads/&lt;uuid&gt;/…                                      unfinished uploads (Go hash state; not portable)
 * </pre>
 *
 * A link file holds {@code sha256:<hex>}, without a newline; a deleted manifest or blob leaves its
 * folder without one.
 */
public final class Registry2Layout {
  private final Path v2;

  private Registry2Layout(Path v2) {
    this.v2 = v2;
  }

  /**
   * The registry:2 data under {@code folder}: its {@code rootdirectory} (holding {@code
   * docker/registry/v2}) or that {@code v2} folder itself.
   */
  public static Optional<Registry2Layout> find(Path folder) {
    for (Path candidate : List.of(folder.resolve("docker/registry/v2"), folder)) {
      if (Files.isDirectory(candidate.resolve("repositories"))
          || Files.isDirectory(candidate.resolve("blobs"))) {
        return Optional.of(new Registry2Layout(candidate.toAbsolutePath().normalize()));
      }
    }
    return Optional.empty();
  }

  public Path root() {
    return v2;
  }

  /** The bytes of a blob (or manifest). */
  Path blobData(Digest digest) {
    return v2.resolve("blobs")
        .resolve(digest.algorithm().prefix())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex())
        .resolve("data");
  }

  /** A name in the tree that is not a valid repository, tag or digest, with where it was found. */
  record Oddity(String where, String reason) {}

  /**
   * Every repository: a folder under {@code repositories/} that holds {@code _manifests}, as
   * registry:2's catalog finds them ({@code _}-folders are not descended into).
   */
  List<RepositoryName> repositories(List<Oddity> oddities) throws IOException {
    Path base = v2.resolve("repositories");
    List<RepositoryName> names = new ArrayList<>();
    if (Files.isDirectory(base)) {
      collect(base, base, names, oddities);
    }
    names.sort(null);
    return names;
  }

  private static void collect(
      Path base, Path dir, List<RepositoryName> names, List<Oddity> oddities) throws IOException {
    if (Files.isDirectory(dir.resolve("_manifests"))) {
      String name = base.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
      try {
        names.add(RepositoryName.parse(name));
      } catch (IllegalArgumentException e) {
        oddities.add(
            new Oddity("repositories/" + name, "not a valid repository name: " + e.getMessage()));
      }
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.sorted().toList()) {
        if (Files.isDirectory(child)
            && !Files.isSymbolicLink(child)
            && !child.getFileName().toString().startsWith("_")) {
          collect(base, child, names, oddities);
        }
      }
    }
  }

  private Path repository(RepositoryName name) {
    Path p = v2.resolve("repositories");
    for (String part : name.value().split("/")) {
      p = p.resolve(part);
    }
    return p;
  }

  /** Blobs linked into the repository ({@code _layers}). */
  List<Digest> layerLinks(RepositoryName name, List<Oddity> oddities) throws IOException {
    return links(repository(name).resolve("_layers"), name + "/_layers", oddities);
  }

  /** Manifests of the repository ({@code _manifests/revisions}). */
  List<Digest> revisions(RepositoryName name, List<Oddity> oddities) throws IOException {
    return links(
        repository(name).resolve("_manifests/revisions"), name + "/_manifests/revisions", oddities);
  }

  /** A tag and the digest its {@code current/link} names. */
  record TagLink(Tag tag, Digest digest) {}

  List<TagLink> tags(RepositoryName name, List<Oddity> oddities) throws IOException {
    Path dir = repository(name).resolve("_manifests/tags");
    List<TagLink> tags = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return tags;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.sorted().toList()) {
        String where = name + ":" + entry.getFileName();
        Tag tag;
        try {
          tag = Tag.parse(entry.getFileName().toString());
        } catch (IllegalArgumentException e) {
          oddities.add(new Oddity(where, "not a valid tag: " + e.getMessage()));
          continue;
        }
        Optional<Digest> digest = readLink(entry.resolve("current/link"), where, oddities);
        digest.ifPresent(d -> tags.add(new TagLink(tag, d)));
      }
    }
    return tags;
  }

  /** How many unfinished uploads the repository has. */
  int uploads(RepositoryName name) throws IOException {
    Path dir = repository(name).resolve("_uploads");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return (int) entries.filter(Files::isDirectory).count();
    }
  }

  /** Every blob with bytes in {@code blobs/}, whoever links it. */
  List<Digest> storedBlobs() throws IOException {
    List<Digest> digests = new ArrayList<>();
    for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
      Path dir = v2.resolve("blobs").resolve(algorithm.prefix());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir, 3)) {
        for (Path data :
            files
                .filter(p -> p.getFileName().toString().equals("data") && Files.isRegularFile(p))
                .toList()) {
          try {
            digests.add(Digest.parse(algorithm.prefix() + ":" + data.getParent().getFileName()));
          } catch (IllegalArgumentException ignored) {
            // not a blob folder: nothing registry:2 could serve either
          }
        }
      }
    }
    return digests;
  }

  /**
   * {@code <dir>/<algorithm>/<hex>/link} files whose content names the same digest as their folder.
   */
  private static List<Digest> links(Path dir, String where, List<Oddity> oddities)
      throws IOException {
    List<Digest> digests = new ArrayList<>();
    for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
      Path algorithmDir = dir.resolve(algorithm.prefix());
      if (!Files.isDirectory(algorithmDir)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(algorithmDir)) {
        for (Path entry : entries.sorted().toList()) {
          String at = where + "/" + algorithm.prefix() + "/" + entry.getFileName();
          if (!Files.exists(entry.resolve("link"))) {
            continue; // registry:2 deletes a manifest or blob link by removing the file and keeping
            // its folder
          }
          Optional<Digest> linked = readLink(entry.resolve("link"), at, oddities);
          if (linked.isPresent() && !linked.get().hex().equals(entry.getFileName().toString())) {
            oddities.add(new Oddity(at, "the link names another digest, " + linked.get()));
          } else {
            linked.ifPresent(digests::add);
          }
        }
      }
    }
    return digests;
  }

  private static Optional<Digest> readLink(Path link, String where, List<Oddity> oddities)
      throws IOException {
    String text;
    try {
      if (Files.size(link) > 256) {
        oddities.add(new Oddity(where, "the link file is too long to hold a digest"));
        return Optional.empty();
      }
      text = Files.readString(link, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      oddities.add(new Oddity(where, "the link file is missing"));
      return Optional.empty();
    } catch (java.nio.charset.MalformedInputException e) {
      oddities.add(new Oddity(where, "the link file does not hold a digest"));
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      oddities.add(new Oddity(where, "the link file does not hold a digest"));
      return Optional.empty();
    }
  }
}
