package dev.berth.oci;

/** What follows {@code /manifests/} in a URL: either a tag or a digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

  record ByTag(Tag tag) implements Reference {
    @Override
    public String toString() {
      return tag.value();
    }
  }

  record ByDigest(Digest digest) implements Reference {
    @Override
    public String toString() {
      return digest.toString();
    }
  }

  /**
   * Parses a tag or a digest. Text with a colon can only be a digest, because tags cannot contain
   * one.
   */
  static Reference parse(String text) {
    if (text != null && text.indexOf(':') >= 0) {
      return new ByDigest(Digest.parse(text));
    }
    return new ByTag(Tag.parse(text));
  }
}
