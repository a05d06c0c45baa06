package dev.berth.api;

import static dev.berth.registry.error.RegistryErrorCode.PAGINATION_NUMBER_INVALID;

import dev.berth.registry.Page;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code n} and {@code last} query parameters and the {@code Link} header of the spec's
 * paginated listings. A client asking for more than {@code maxPage} gets {@code maxPage} entries
 * and a {@code Link} to the rest, which the spec allows.
 */
record Pagination(int limit, String last) {

  static Pagination from(HttpServerExchange exchange, int defaultPage, int maxPage) {
    String n = QueryParameters.first(exchange, "n");
    int limit = defaultPage;
    if (n != null) {
      try {
        limit = Integer.parseInt(n);
      } catch (NumberFormatException e) {
        throw new RegistryException(
            PAGINATION_NUMBER_INVALID, "n must be a whole number, not '" + abbreviate(n) + "'");
      }
      if (limit < 0) {
        throw new RegistryException(PAGINATION_NUMBER_INVALID, "n must not be negative");
      }
    }
    return new Pagination(Math.min(limit, maxPage), QueryParameters.first(exchange, "last"));
  }

  /** Adds {@code Link: <path?n=…&last=…>; rel="next"} when another page follows. */
  void linkNext(HttpServerExchange exchange, Page<?> page) {
    if (page.hasMore()) {
      String next =
          exchange.getRequestPath()
              + "?n="
              + limit
              + "&last="
              + URLEncoder.encode(page.nextAfter(), StandardCharsets.UTF_8);
      exchange.getResponseHeaders().put(ApiHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "…" : s;
  }
}
