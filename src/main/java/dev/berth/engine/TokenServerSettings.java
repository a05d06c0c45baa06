package dev.berth.engine;

import java.net.URI;
import java.nio.file.Path;

/**
 * Bearer tokens from an existing token server instead of Berth's own {@code /token}, as
 * registry:2's {@code auth.token} does.
 *
 * @param realm the token server's URL, sent to clients in the challenge
 * @param service the service name clients ask tokens for, and that tokens must name as audience
 * @param issuer the {@code iss} every token must carry
 * @param rootCertBundle PEM certificates: a token is signed by the key of one of them, or by a
 *     certificate (in its {@code x5c} header) that chains up to one of them
 */
public record TokenServerSettings(URI realm, String service, String issuer, Path rootCertBundle) {
  public TokenServerSettings {
    if (realm == null
        || service == null
        || service.isBlank()
        || issuer == null
        || issuer.isBlank()
        || rootCertBundle == null) {
      throw new IllegalArgumentException(
          "a token server needs its realm, service, issuer and root certificate bundle");
    }
    if (service.contains("\"") || realm.toString().contains("\"")) {
      throw new IllegalArgumentException("the token realm and service must not contain quotes");
    }
    rootCertBundle = rootCertBundle.toAbsolutePath().normalize();
  }
}
