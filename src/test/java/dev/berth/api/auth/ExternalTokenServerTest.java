package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TokenServerSettings;
import dev.berth.security.Pem;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.RegistryClient;
import dev.berth.tls.CertificateAuthority;
import dev.berth.tls.NameLimits;
import dev.berth.tls.SubjectName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth behind an existing token server, as registry:2's {@code auth.token} runs: a test token
 * server on loopback with keys of its own signs tokens the way docker_auth does (the key id of a
 * certificate of the {@code rootcertbundle} in {@code kid}) or with its certificate chain in {@code
 * x5c}; Berth accepts exactly the genuine, current tokens for its service whose access covers the
 * request, and sends clients to that realm.
 */
class ExternalTokenServerTest {
  private static final String SERVICE = "berth.example:5000";
  private static final String ISSUER = "test-token-server";
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path temp;
  private static CertificateAuthority kidSigner;
  private static CertificateAuthority chainCa;
  private static KeyPair chainKeys;
  private static X509Certificate chainLeaf;
  private static CertificateAuthority stranger;
  private static HttpServer tokenServer;
  private static URI realm;
  private static BerthEngine engine;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** Which way the token server signs its next tokens. */
  private static volatile boolean signWithChain;

  @BeforeAll
  static void tokenServerAndBerth() throws Exception {
    Clock clock = Clock.systemUTC();
    kidSigner = CertificateAuthority.create("Token signer", NameLimits.NONE, RANDOM, clock);
    chainCa = CertificateAuthority.create("Token CA", NameLimits.NONE, RANDOM, clock);
    chainKeys = CertificateAuthority.newKeyPair(RANDOM);
    chainLeaf =
        chainCa.issueServerCertificate(
            chainKeys.getPublic(), List.of(SubjectName.parse("tokens.example")));
    stranger = CertificateAuthority.create("Someone else", NameLimits.NONE, RANDOM, clock);
    Path bundle =
        Files.writeString(
            temp.resolve("rootcertbundle.pem"),
            Pem.certificates(List.of(kidSigner.certificate(), chainCa.certificate())));

    tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokenServer.createContext(
        "/auth",
        exchange -> {
          // Grants whatever is asked to "ci" (a real token server decides by its own rules).
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          if (!RegistryClient.basic("ci", "ci-pw").equals(authorization)) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          Map<String, String> query = new LinkedHashMap<>();
          for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
          }
          List<Map<String, Object>> access = new ArrayList<>();
          if (query.containsKey("scope")) {
            String[] scope = query.get("scope").split(":");
            access.add(access(scope[0], scope[1], scope[2].split(",")));
          }
          String token =
              signWithChain
                  ? chainToken(claims(query.get("service"), access).build())
                  : kidToken(kidSigner, claims(query.get("service"), access).build());
          byte[] body =
              ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    tokenServer.start();
    realm = URI.create("http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/auth");
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), temp.resolve("data"))
                .withAuth(
                    AuthSettings.tokenServer(
                        new TokenServerSettings(realm, SERVICE, ISSUER, bundle))));
  }

  @AfterAll
  static void stop() {
    engine.close();
    tokenServer.stop(0);
  }

  @Test
  void clientsAreSentToTheTokenServer_andItsTokensPushAndPull_signedByKidOrByChain() {
    HttpResponse<byte[]> challenge =
        new RegistryClient(engine.url()).get("/v2/team/app/manifests/v1");
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer realm=\""
                + realm
                + "\",service=\""
                + SERVICE
                + "\",scope=\"repository:team/app:pull\"");
    assertThat(RegistryClient.errorCode(challenge)).isEqualTo("UNAUTHORIZED");

    for (boolean chain : List.of(false, true)) {
      signWithChain = chain;
      AuthRegistryClient ci = new AuthRegistryClient(http, engine.url(), "ci", "ci-pw");
      String tag = chain ? "by-chain" : "by-kid";
      AuthRegistryClient.Pushed pushed = ci.pushImage("team/app", tag);
      assertThat(pushed.status()).as(tag).isEqualTo(201);
      assertThat(ci.get("/v2/team/app/manifests/" + tag)).isEqualTo(200);
      assertThat(ci.get("/v2/team/app/manifests/" + pushed.manifestDigest())).isEqualTo(200);
    }
    assertThat(
            new AuthRegistryClient(http, engine.url(), "ci", "wrong")
                .get("/v2/team/app/manifests/by-kid"))
        .isEqualTo(401);
    assertThat(engine.authentication()).contains("token server " + realm);
  }

  @Test
  void onlyGenuineCurrentTokensForThisServiceAndScope_areAccepted() throws Exception {
    List<Map<String, Object>> pull = List.of(access("repository", "team/app", "pull"));
    JWTClaimsSet good = claims(SERVICE, pull).build();
    assertThat(status(kidToken(kidSigner, good)))
        .isEqualTo(404); // accepted; the manifest is not there

    assertThat(status(kidToken(kidSigner, claims(SERVICE, pull).issuer("someone-else").build())))
        .isEqualTo(401);
    assertThat(status(kidToken(kidSigner, claims("other.example", pull).build()))).isEqualTo(401);
    assertThat(
            status(
                kidToken(
                    kidSigner,
                    claims(SERVICE, pull)
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))
                        .build())))
        .isEqualTo(401);
    assertThat(
            status(
                kidToken(
                    kidSigner,
                    claims(SERVICE, pull)
                        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                        .build())))
        .isEqualTo(401);
    assertThat(
            status(
                kidToken(
                    kidSigner,
                    claims(SERVICE, List.of(access("repository", "team/other", "pull"))).build())))
        .isEqualTo(401);
    // A key that is not in the bundle, named by its own kid or with its own chain, is not trusted.
    assertThat(status(kidToken(stranger, good))).isEqualTo(401);
    SignedJWT foreignChain =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .x509CertChain(List.of(Base64.encode(stranger.certificate().getEncoded())))
                .build(),
            good);
    foreignChain.sign(new ECDSASigner((ECPrivateKey) stranger.keys().getPrivate()));
    assertThat(status(foreignChain.serialize())).isEqualTo(401);
    // Neither an HMAC "signed" with a public certificate nor an unsigned token gets in.
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kidOf(kidSigner.certificate())).build(),
            good);
    hmac.sign(
        new MACSigner(
            MessageDigest.getInstance("SHA-256").digest(kidSigner.certificate().getEncoded())));
    assertThat(status(hmac.serialize())).isEqualTo(401);
    String unsigned = new com.nimbusds.jwt.PlainJWT(good).serialize();
    assertThat(status(unsigned)).isEqualTo(401);

    HttpResponse<byte[]> insufficient =
        withBearer(kidToken(kidSigner, good)).delete("/v2/team/app/manifests/v1");
    assertThat(insufficient.statusCode()).isEqualTo(401);
    assertThat(insufficient.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"repository:team/app:delete\"", "error=\"insufficient_scope\"");
    HttpResponse<byte[]> invalid =
        withBearer(kidToken(stranger, good)).get("/v2/team/app/manifests/v1");
    assertThat(invalid.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(new RegistryClient(engine.url()).get("/token").statusCode()).isEqualTo(404);
  }

  private static int status(String token) {
    return withBearer(token).get("/v2/team/app/manifests/absent").statusCode();
  }

  private static RegistryClient withBearer(String token) {
    RegistryClient plain = new RegistryClient(engine.url());
    return new RegistryClient(
        engine.url(),
        request ->
            plain.send(RegistryClient.withHeader(request, "Authorization", "Bearer " + token)));
  }

  private static JWTClaimsSet.Builder claims(String audience, List<Map<String, Object>> access) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("ci")
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(Long.toHexString(RANDOM.nextLong()))
        .claim("access", access);
  }

  private static Map<String, Object> access(String type, String name, String... actions) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("type", type);
    entry.put("name", name);
    entry.put("actions", List.of(actions));
    return entry;
  }

  /** Signed as docker_auth signs: the libtrust key id of the bundle certificate's key in kid. */
  private static String kidToken(CertificateAuthority signer, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kidOf(signer.certificate())).build(),
              claims);
      jwt.sign(new ECDSASigner((ECPrivateKey) signer.keys().getPrivate()));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed by a leaf whose chain (leaf, CA) travels in x5c; the bundle holds only the CA. */
  private static String chainToken(JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .x509CertChain(
                      List.of(
                          Base64.encode(chainLeaf.getEncoded()),
                          Base64.encode(chainCa.certificate().getEncoded())))
                  .build(),
              claims);
      jwt.sign(new ECDSASigner((ECPrivateKey) chainKeys.getPrivate()));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * libtrust's key id written out independently of Berth's code: SHA-256 of the DER public key, its
   * first 30 bytes in RFC 4648 base32, in groups of four joined by colons.
   */
  private static String kidOf(X509Certificate certificate) throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder base32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < 30; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        base32.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < base32.length(); i += 4) {
      id.append(i == 0 ? "" : ":").append(base32, i, i + 4);
    }
    return id.toString();
  }
}
