package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls a running registry's admin API ({@code /berth/v1}) as the given user, whichever way the
 * registry authenticates: the credentials go along as HTTP Basic (basic mode), and when the answer
 * is a Bearer challenge (token mode) they buy a token for the challenged scope ({@code
 * registry:admin:*}) from the realm, and the request is sent once more with it — the flow docker
 * follows. A refusal comes back as the response that refused, in the spec's error format.
 */
final class AdminApiClient {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient http;
  private final ObjectMapper json;
  private final String user;
  private final String password;

  /**
   * @param user null to call without credentials (a registry without authentication)
   */
  AdminApiClient(HttpClient http, ObjectMapper json, String user, String password) {
    this.http = http;
    this.json = json;
    this.user = user;
    this.password = password;
  }

  HttpResponse<InputStream> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    if (user != null) {
      request.setHeader("Authorization", basic());
    }
    HttpResponse<InputStream> first =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String challenge = first.headers().firstValue("WWW-Authenticate").orElse("");
    if (first.statusCode() != 401
        || user == null
        || !challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return first;
    }
    first.body().close();
    Map<String, String> params = params(challenge);
    HttpResponse<InputStream> token = fetchToken(first.uri(), params);
    if (token.statusCode() != 200) {
      return token;
    }
    JsonNode body = json.readTree(token.body());
    String value = body.path("token").asText(body.path("access_token").asText(""));
    if (value.isEmpty()) {
      throw new IOException(
          "the token endpoint " + params.get("realm") + " answered without a token");
    }
    request.setHeader("Authorization", "Bearer " + value);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpResponse<InputStream> fetchToken(URI registry, Map<String, String> params)
      throws IOException, InterruptedException {
    String realm = params.get("realm");
    if (realm == null) {
      throw new IOException("the registry asks for a token but names no realm to get it from");
    }
    URI realmUri = URI.create(realm);
    // The password goes to the realm: never in clear text when the registry itself was reached over
    // HTTPS.
    if ("https".equalsIgnoreCase(registry.getScheme())
        && !"https".equalsIgnoreCase(realmUri.getScheme())) {
      throw new IOException(
          "the registry's token realm "
              + realm
              + " is not HTTPS; refusing to send the password there");
    }
    StringBuilder url =
        new StringBuilder(realm)
            .append(realm.contains("?") ? '&' : '?')
            .append("service=")
            .append(encode(params.getOrDefault("service", "")));
    if (params.containsKey("scope")) {
      url.append("&scope=").append(encode(params.get("scope")));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.toString()))
            .GET()
            .header("Authorization", basic())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> params(String challenge) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      p.put(m.group(1), m.group(2));
    }
    return p;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
