package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.auth.AccessPolicy;
import dev.berth.api.auth.Authentication;
import dev.berth.api.auth.BasicAccess;
import dev.berth.api.auth.DisabledTokenEndpoint;
import dev.berth.api.auth.LoginThrottle;
import dev.berth.api.auth.PasswordAuthenticator;
import dev.berth.api.auth.TokenAccess;
import dev.berth.api.auth.TokenEndpoint;
import dev.berth.api.auth.TokenService;
import dev.berth.api.auth.TokenSigningKey;
import dev.berth.api.access.OpenAccess;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.UserStore;
import dev.berth.events.RegistryEvents;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The part of the composition root that turns {@link AuthSettings} into objects. Only here is the
 * mode looked at: the rest of the engine gets an {@link Authentication} and mounts it.
 */
final class AuthenticationWiring {
  private AuthenticationWiring() {}

  static Authentication create(AuthSettings settings, DataDirectory data, UserStore users, RegistryEvents events,
      ObjectMapper json, Clock clock) throws IOException {
    if (settings.mode() == AuthSettings.Mode.NONE) {
      return new Authentication("no authentication", new OpenAccess(), new DisabledTokenEndpoint("no authentication"));
    }
    if (!users.anyEnabled()) {
      throw new NoUsersException(settings.mode(), data.root());
    }
    SecureRandom random = new SecureRandom();
    AccessPolicy policy = new AccessPolicy(settings.anonymousPull());
    PasswordAuthenticator authenticator = new PasswordAuthenticator(users, new BcryptPasswords(random, BcryptPasswords.DEFAULT_COST),
        new LoginThrottle(LoginThrottle.DEFAULT, clock), events, clock);
    String anonymous = settings.anonymousPull() ? ", anonymous pull allowed" : "";
    if (settings.mode() == AuthSettings.Mode.BASIC) {
      return new Authentication("basic authentication" + anonymous, new BasicAccess(authenticator, policy),
          new DisabledTokenEndpoint("basic authentication"));
    }
    TokenService tokens = new TokenService(TokenSigningKey.loadOrCreate(data.tokenSigningKey(), random), json, clock, random,
        TokenService.ACCESS_LIFETIME);
    return new Authentication("token authentication" + anonymous, new TokenAccess(tokens, users, policy),
        new TokenEndpoint(tokens, authenticator, users, policy, json));
  }
}
