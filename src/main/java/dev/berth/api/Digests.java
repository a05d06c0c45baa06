package dev.berth.api;

import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;

import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.registry.error.RegistryException;

/** Parses digests received in URLs and query parameters into spec errors. */
final class Digests {
  private Digests() {}

  static Digest parse(String text) {
    try {
      return Digest.parse(text);
    } catch (InvalidDigestException e) {
      throw new RegistryException(DIGEST_INVALID, e.getMessage());
    }
  }
}
