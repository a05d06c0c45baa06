package dev.berth.registry2;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.BlobVanishedException;
import dev.berth.metadata.ManifestMetadata.References;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MissingReferencesException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.registry.ManifestService;
import dev.berth.registry2.ImportProgress.Phase;
import dev.berth.registry2.ImportProgress.Step;
import dev.berth.registry2.ImportReport.Skipped;
import dev.berth.registry2.Registry2Layout.Oddity;
import dev.berth.registry2.Registry2Layout.TagLink;
import dev.berth.storage.AdoptedBlob;
import dev.berth.storage.BlobStore;
import dev.berth.storage.DigestMismatchException;
import dev.berth.users.HtpasswdFile;
import dev.berth.users.UserService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brings a registry:2 folder into Berth with identical digests: every repository, manifest, index,
 * tag and blob, and with an htpasswd file its users. Blobs are hard-linked where possible and each
 * is verified against its digest first ({@link BlobStore#adopt}).
 *
 * <p>Phases: read the tree and every manifest; take in each needed blob once; then per repository
 * link its blobs, store its manifests (an index after its children, as a push would) and point its
 * tags. Every step is idempotent (blobs Berth has are verified already, manifests and links are
 * content-addressed, tags are set to the same digest), so a run that was interrupted is resumed by
 * running it again. Berth may be serving meanwhile; the import goes through the same metadata
 * transactions a push does.
 */
public final class Registry2Importer {
  private final BlobStore blobs;
  private final MetadataStore metadata;
  private final ManifestParser parser;
  private static final Caller IMPORT = Caller.system("registry:2 import");

  private final UserService users;
  private final RegistryEvents events;

  public Registry2Importer(
      BlobStore blobs, MetadataStore metadata, ManifestParser parser, UserService users) {
    this(blobs, metadata, parser, users, RegistryEvents.NONE);
  }

  /**
   * @param events where the tags it writes are announced, so that a running registry's caches (the
   *     tag lists) see them
   */
  public Registry2Importer(
      BlobStore blobs,
      MetadataStore metadata,
      ManifestParser parser,
      UserService users,
      RegistryEvents events) {
    this.blobs = blobs;
    this.metadata = metadata;
    this.parser = parser;
    this.users = users;
    this.events = events;
  }

  /**
   * An importer into a running engine's data (the desktop app imports while its registry serves).
   */
  public static Registry2Importer into(dev.berth.engine.BerthEngine engine) {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    return new Registry2Importer(
        engine.blobs(),
        engine.metadata(),
        new ManifestParser(json),
        new UserService(
            engine.metadata().users(),
            new dev.berth.users.BcryptPasswords(),
            java.time.Clock.systemUTC()),
        engine.events());
  }

  /**
   * @param htpasswd users to bring along (bcrypt lines; others are reported as skipped), or empty
   * @throws IOException when the import cannot go on (an unreadable folder, a full disk); what was
   *     done stays and a new run resumes
   */
  public ImportReport run(Registry2Layout layout, Optional<Path> htpasswd, ImportProgress progress)
      throws IOException {
    return new Run(layout, progress).execute(htpasswd);
  }

  /** A manifest as read from registry:2's tree. */
  private record ManifestFile(Digest digest, byte[] content, ParsedManifest parsed) {
    List<Digest> blobDigests() {
      return parsed.blobReferences().stream().map(Descriptor::digest).toList();
    }

    List<Digest> children() {
      return parsed.manifests().stream().map(Descriptor::digest).toList();
    }
  }

  /** What one repository holds. */
  private record RepositoryScan(
      RepositoryName name,
      List<Digest> layers,
      Map<Digest, ManifestFile> manifests,
      List<TagLink> tags) {
    Set<Digest> neededBlobs() {
      Set<Digest> needed = new TreeSet<>(layers);
      manifests.values().forEach(m -> needed.addAll(m.blobDigests()));
      return needed;
    }
  }

  /** The state of one import run. */
  private final class Run {
    private final Registry2Layout layout;
    private final ImportProgress progress;
    private final List<Skipped> skipped = new ArrayList<>();
    private final Map<Digest, Long> available = new HashMap<>();
    private int repositories;
    private int manifests;
    private int tags;
    private int linked;
    private int copied;
    private int present;
    private long blobBytes;
    private long copiedBytes;
    private int uploads;

    Run(Registry2Layout layout, ImportProgress progress) {
      this.layout = layout;
      this.progress = progress;
    }

    ImportReport execute(Optional<Path> htpasswd) throws IOException {
      List<RepositoryScan> scans = scan();
      Set<Digest> needed = new TreeSet<>();
      scans.forEach(s -> needed.addAll(s.neededBlobs()));
      adoptBlobs(needed, scans);
      progress.update(new Step(Phase.MANIFESTS, 0, scans.size(), blobBytes));
      for (int i = 0; i < scans.size(); i++) {
        importRepository(scans.get(i));
        progress.update(new Step(Phase.MANIFESTS, i + 1, scans.size(), blobBytes));
      }
      long[] unreferenced = unreferenced(needed, scans);
      List<String> added = List.of();
      List<String> updated = List.of();
      if (htpasswd.isPresent()) {
        progress.update(new Step(Phase.USERS, 0, 1, blobBytes));
        UserService.ImportResult result = importUsers(htpasswd.get());
        added = result.added();
        updated = result.updated();
        progress.update(new Step(Phase.USERS, 1, 1, blobBytes));
      }
      return new ImportReport(
          repositories,
          manifests,
          tags,
          linked,
          copied,
          present,
          blobBytes,
          copiedBytes,
          (int) unreferenced[0],
          unreferenced[1],
          uploads,
          added,
          updated,
          skipped);
    }

    private List<RepositoryScan> scan() throws IOException {
      List<Oddity> oddities = new ArrayList<>();
      List<RepositoryName> names = layout.repositories(oddities);
      List<RepositoryScan> scans = new ArrayList<>();
      progress.update(new Step(Phase.SCANNING, 0, names.size(), 0));
      for (RepositoryName name : names) {
        List<Digest> layers = layout.layerLinks(name, oddities);
        Map<Digest, ManifestFile> files = new LinkedHashMap<>();
        for (Digest revision : layout.revisions(name, oddities)) {
          readManifest(name, revision).ifPresent(m -> files.put(revision, m));
        }
        scans.add(new RepositoryScan(name, layers, files, layout.tags(name, oddities)));
        uploads += layout.uploads(name);
        progress.update(new Step(Phase.SCANNING, scans.size(), names.size(), 0));
      }
      oddities.forEach(o -> skipped.add(new Skipped(o.where(), o.reason())));
      return scans;
    }

    private Optional<ManifestFile> readManifest(RepositoryName repository, Digest digest)
        throws IOException {
      String item = "manifest " + repository + "@" + digest;
      Path data = layout.blobData(digest);
      if (!Files.isRegularFile(data)) {
        return skip(item, "its bytes are missing from blobs/ (a garbage collection removed them?)");
      }
      if (Files.size(data) > ManifestService.MAX_MANIFEST_BYTES) {
        return skip(item, "larger than the 4 MiB a manifest may have");
      }
      byte[] content = Files.readAllBytes(data);
      Digest actual =
          Digest.of(digest.algorithm(), digest.algorithm().newMessageDigest().digest(content));
      if (!actual.equals(digest)) {
        return skip(item, "its bytes hash to " + actual + ": the file is damaged");
      }
      try {
        return Optional.of(new ManifestFile(digest, content, parser.parse(content, null)));
      } catch (InvalidManifestException e) {
        String reason =
            new String(content, java.nio.charset.StandardCharsets.UTF_8)
                    .matches("(?s)\\s*\\{.*\"schemaVersion\"\\s*:\\s*1\\b.*")
                ? "a Docker schema 1 manifest, which Berth does not serve (registry:2 stopped accepting them too)"
                : "not a manifest Berth accepts: " + e.getMessage();
        return skip(item, reason);
      }
    }

    private void adoptBlobs(Set<Digest> needed, List<RepositoryScan> scans) throws IOException {
      long done = 0;
      progress.update(new Step(Phase.BLOBS, 0, needed.size(), 0));
      for (Digest digest : needed) {
        adopt(digest, scans);
        progress.update(new Step(Phase.BLOBS, ++done, needed.size(), blobBytes));
      }
    }

    private void adopt(Digest digest, List<RepositoryScan> scans) throws IOException {
      Optional<Long> stored = blobs.size(digest);
      if (stored.isPresent()) {
        present++;
        blobBytes += stored.get();
        available.put(digest, stored.get());
        return;
      }
      Path data = layout.blobData(digest);
      if (!Files.isRegularFile(data)) {
        skipped.add(
            new Skipped(
                "blob " + digest,
                "linked in "
                    + usersOf(digest, scans)
                    + " but its bytes are missing (a link to a blob that is gone)"));
        return;
      }
      try {
        AdoptedBlob adopted = blobs.adopt(data, digest);
        available.put(digest, adopted.size());
        blobBytes += adopted.size();
        if (adopted.linked()) {
          linked++;
        } else {
          copied++;
          copiedBytes += adopted.size();
        }
      } catch (DigestMismatchException e) {
        skipped.add(
            new Skipped(
                "blob " + digest,
                "its bytes do not match its digest (a damaged file): " + e.getMessage()));
      }
    }

    private String usersOf(Digest digest, List<RepositoryScan> scans) {
      return String.join(
          ", ",
          scans.stream()
              .filter(s -> s.neededBlobs().contains(digest))
              .map(s -> s.name().value())
              .toList());
    }

    private void importRepository(RepositoryScan scan) {
      RepositoryName name = scan.name();
      for (Digest digest : scan.neededBlobs()) {
        Long size = available.get(digest);
        if (size != null) {
          try {
            metadata.blobs().link(name, digest, size, () -> blobs.size(digest).isPresent());
          } catch (BlobVanishedException e) {
            available.remove(
                digest); // collected by a GC that runs meanwhile: the manifests needing it are
            // skipped
          }
        }
      }
      Set<Digest> imported = importManifests(scan);
      for (TagLink tag : scan.tags()) {
        String item = "tag " + name + ":" + tag.tag().value();
        if (!imported.contains(tag.digest())) {
          skipped.add(
              new Skipped(
                  item,
                  "points at "
                      + tag.digest()
                      + ", which is not imported"
                      + (scan.manifests().containsKey(tag.digest())
                          ? " (see above)"
                          : " (the manifest was deleted)")));
          continue;
        }
        ManifestFile m = scan.manifests().get(tag.digest());
        var outcome =
            metadata
                .manifests()
                .put(
                    name,
                    m.digest(),
                    m.content(),
                    m.parsed(),
                    tag.tag(),
                    References.MUST_BE_PRESENT,
                    IMPORT.toString());
        events.publish(
            new RegistryEvent.ManifestPushed(
                Instant.now(),
                IMPORT,
                name,
                m.digest(),
                m.parsed().mediaType(),
                m.content().length,
                tag.tag(),
                outcome.previous(),
                outcome.created()));
        tags++;
      }
      if (!imported.isEmpty()) {
        repositories++;
      }
    }

    /** Stores the repository's manifests, each only after the children it lists. */
    private Set<Digest> importManifests(RepositoryScan scan) {
      Set<Digest> imported = new HashSet<>();
      Map<Digest, ManifestFile> pending = new TreeMap<>(scan.manifests());
      boolean progressed = true;
      while (!pending.isEmpty() && progressed) {
        progressed = false;
        for (var it = pending.values().iterator(); it.hasNext(); ) {
          ManifestFile m = it.next();
          String item = "manifest " + scan.name() + "@" + m.digest();
          Optional<Digest> missingBlob =
              m.blobDigests().stream().filter(d -> !available.containsKey(d)).findFirst();
          if (missingBlob.isPresent()) {
            skipped.add(
                new Skipped(
                    item, "its blob " + missingBlob.get() + " is not available (see above)"));
            it.remove();
            progressed = true;
            continue;
          }
          if (!imported.containsAll(m.children())) {
            continue; // an index whose children come later in this pass or the next
          }
          try {
            metadata
                .manifests()
                .put(
                    scan.name(),
                    m.digest(),
                    m.content(),
                    m.parsed(),
                    null,
                    References.MUST_BE_PRESENT,
                    IMPORT.toString());
            imported.add(m.digest());
            manifests++;
          } catch (MissingReferencesException e) {
            skipped.add(
                new Skipped(
                    item, "references content that is not in the repository: " + e.missing()));
          }
          it.remove();
          progressed = true;
        }
      }
      for (ManifestFile m : pending.values()) {
        List<Digest> absent = m.children().stream().filter(c -> !imported.contains(c)).toList();
        skipped.add(
            new Skipped(
                "manifest " + scan.name() + "@" + m.digest(),
                "the index lists manifests that are not imported: " + absent));
      }
      return imported;
    }

    /**
     * Blobs with bytes in registry:2's folder that neither a link nor a manifest needs: count and
     * bytes.
     */
    private long[] unreferenced(Set<Digest> needed, List<RepositoryScan> scans) throws IOException {
      Set<Digest> used = new HashSet<>(needed);
      scans.forEach(s -> used.addAll(s.manifests().keySet()));
      long count = 0;
      long bytes = 0;
      for (Digest d : layout.storedBlobs()) {
        if (!used.contains(d)) {
          count++;
          bytes += Files.size(layout.blobData(d));
        }
      }
      return new long[] {count, bytes};
    }

    private UserService.ImportResult importUsers(Path file) throws IOException {
      HtpasswdFile.Contents contents = HtpasswdFile.readLeniently(file);
      for (HtpasswdFile.Skipped s : contents.skipped()) {
        skipped.add(
            new Skipped(
                "htpasswd line " + s.line() + (s.name() == null ? "" : " (" + s.name() + ")"),
                s.reason()));
      }
      // registry:2's htpasswd users may pull, push and delete everywhere: so they may in Berth.
      return users.importEntries(contents.entries(), false, List.of());
    }

    private <T> Optional<T> skip(String item, String reason) {
      skipped.add(new Skipped(item, reason));
      return Optional.empty();
    }
  }
}
