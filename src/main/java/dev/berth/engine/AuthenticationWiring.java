package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.access.OpenAccess;
import dev.berth.api.auth.AccessPolicy;
import dev.berth.api.auth.Authentication;
import dev.berth.api.auth.BasicAccess;
import dev.berth.api.auth.DisabledTokenEndpoint;
import dev.berth.api.auth.ExternalTokenAccess;
import dev.berth.api.auth.LoginThrottle;
import dev.berth.api.auth.PasswordAuthenticator;
import dev.berth.api.auth.TokenAccess;
import dev.berth.api.auth.TokenEndpoint;
import dev.berth.api.auth.TokenService;
import dev.berth.api.auth.TokenSigningKey;
import dev.berth.events.RegistryEvents;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.HtpasswdUsers;
import dev.berth.users.UserStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the composition root that turns {@link AuthSettings} into objects. Only here is the
 * mode looked at: the rest of the engine gets an {@link Authentication} and mounts it.
 */
final class AuthenticationWiring {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationWiring.class);

  private AuthenticationWiring() {}

  static Authentication create(
      AuthSettings settings,
      DataDirectory data,
      UserStore users,
      RegistryEvents events,
      ObjectMapper json,
      Clock clock)
      throws IOException {
    if (settings.mode() == AuthSettings.Mode.NONE) {
      return new Authentication(
          "no authentication", new OpenAccess(), new DisabledTokenEndpoint("no authentication"));
    }
    if (settings.tokenServer().isPresent()) {
      return tokenServer(settings.tokenServer().get(), clock);
    }
    if (settings.htpasswd().isPresent()) {
      return htpasswd(settings.htpasswd().get(), events, clock);
    }
    if (!users.anyEnabled()) {
      throw new NoUsersException(settings.mode(), data.root());
    }
    SecureRandom random = new SecureRandom();
    AccessPolicy policy = new AccessPolicy(settings.anonymousPull());
    PasswordAuthenticator authenticator =
        new PasswordAuthenticator(
            users,
            new BcryptPasswords(random, BcryptPasswords.DEFAULT_COST),
            new LoginThrottle(LoginThrottle.DEFAULT, clock),
            events,
            clock);
    String anonymous = settings.anonymousPull() ? ", anonymous pull allowed" : "";
    if (settings.mode() == AuthSettings.Mode.BASIC) {
      return new Authentication(
          "basic authentication" + anonymous,
          new BasicAccess(authenticator, policy),
          new DisabledTokenEndpoint("basic authentication"));
    }
    TokenService tokens =
        new TokenService(
            TokenSigningKey.loadOrCreate(data.tokenSigningKey(), random),
            json,
            clock,
            random,
            TokenService.ACCESS_LIFETIME);
    return new Authentication(
        "token authentication" + anonymous,
        new TokenAccess(tokens, users, policy),
        new TokenEndpoint(tokens, authenticator, users, policy, json));
  }

  /**
   * registry:2's {@code auth.htpasswd}: Basic against the file, whose users may do everything. An
   * empty file starts (nobody can log in until a line is added, which is noticed at once), as
   * registry:2 does; a missing one does not.
   */
  private static Authentication htpasswd(
      HtpasswdSettings settings, RegistryEvents events, Clock clock) throws IOException {
    HtpasswdUsers users;
    try {
      users = HtpasswdUsers.open(settings.file());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(
          "the htpasswd file "
              + settings.file()
              + " does not exist; create it with: htpasswd -cB "
              + settings.file()
              + " <user>",
          e);
    }
    if (!users.anyEnabled()) {
      LOG.warn(
          "The htpasswd file {} has no bcrypt entry yet: nobody can log in until one is added (htpasswd -B)",
          settings.file());
    }
    SecureRandom random = new SecureRandom();
    PasswordAuthenticator authenticator =
        new PasswordAuthenticator(
            users,
            new BcryptPasswords(random, BcryptPasswords.DEFAULT_COST),
            new LoginThrottle(LoginThrottle.DEFAULT, clock),
            events,
            clock);
    // The file's path is for the log and the app; /token answers anyone, so it only names the mode.
    return new Authentication(
        "basic authentication against " + settings.file(),
        new BasicAccess(authenticator, new AccessPolicy(false), settings.realm()),
        new DisabledTokenEndpoint("basic authentication"));
  }

  /**
   * registry:2's {@code auth.token}: tokens of an existing token server; Berth issues none itself.
   */
  private static Authentication tokenServer(TokenServerSettings settings, Clock clock)
      throws IOException {
    String description = "tokens from the token server " + settings.realm();
    return new Authentication(
        description,
        ExternalTokenAccess.create(
            settings.realm(),
            settings.service(),
            settings.issuer(),
            settings.rootCertBundle(),
            clock),
        new DisabledTokenEndpoint(description));
  }
}
