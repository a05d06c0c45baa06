package dev.berth.desktop.browser;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;

/** The exact {@code docker pull} lines for an image in this registry. */
public final class PullCommands {
  private PullCommands() {}

  public static String byTag(String pullHost, RepositoryName repository, String tag) {
    return "docker pull " + pullHost + "/" + repository.value() + ":" + tag;
  }

  public static String byDigest(String pullHost, RepositoryName repository, Digest digest) {
    return "docker pull " + pullHost + "/" + repository.value() + "@" + digest;
  }
}
