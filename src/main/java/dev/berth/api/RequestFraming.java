package dev.berth.api;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a request's body length is unambiguous (RFC 9112 §6). Two parsers that disagree
 * about where a body ends — a proxy in front and the server behind it — let an attacker hide a
 * second request in the first one's body, so anything a strict parser would not read exactly one
 * way is refused:
 *
 * <ul>
 *   <li>{@code Content-Length} must be one plain decimal ({@code 1*DIGIT}) that fits in a signed
 *       64-bit length, however many times it is repeated. Undertow itself reads digits with
 *       wrap-around, so {@code 18446744073709551621} would otherwise be a body of 5 bytes.
 *   <li>{@code Transfer-Encoding} must be exactly {@code chunked} (case does not matter): a list
 *       whose last coding is not chunked, or that names chunked twice, has no reliable length (400,
 *       §6.1's MUST); other codings before chunked are not implemented (501). Undertow would read
 *       any value but {@code identity}, even {@code xchunked}, as chunked.
 *   <li>Both headers at once are refused: §6.1 calls such a message a likely smuggling attempt.
 * </ul>
 */
final class RequestFraming {
  /**
   * Nineteen digits at most: anything longer cannot fit in a long; shorter values are parsed to
   * check.
   */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");

  private RequestFraming() {}

  /** Why a request's framing is refused: the status to answer and what to tell the client. */
  record Problem(int status, String detail) {}

  static Optional<Problem> check(HeaderMap headers) {
    HeaderValues transferEncoding = headers.get(Headers.TRANSFER_ENCODING);
    HeaderValues contentLength = headers.get(Headers.CONTENT_LENGTH);
    if (transferEncoding != null && contentLength != null) {
      return bad("a request must not carry both Transfer-Encoding and Content-Length");
    }
    if (transferEncoding != null) {
      return checkTransferEncoding(transferEncoding);
    }
    if (contentLength != null) {
      return checkContentLength(contentLength);
    }
    return Optional.empty();
  }

  private static Optional<Problem> checkContentLength(HeaderValues values) {
    String first = values.getFirst();
    for (String value : values) {
      if (!DECIMAL.matcher(value).matches() || !fitsInLong(value)) {
        return bad(
            "Content-Length must be a plain decimal number of bytes below 2^63, not '"
                + shorten(value)
                + "'");
      }
      if (Long.parseLong(value) != Long.parseLong(first)) {
        return bad("the request carries two different Content-Length values");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> checkTransferEncoding(HeaderValues values) {
    List<String> codings = new ArrayList<>();
    for (String value : values) {
      for (String coding : value.split(",", -1)) {
        codings.add(coding.strip().toLowerCase(Locale.ROOT));
      }
    }
    if (!codings.get(codings.size() - 1).equals("chunked")
        || codings.indexOf("chunked") != codings.size() - 1) {
      return bad(
          "Transfer-Encoding must be exactly 'chunked' (chunked last and once), not '"
              + shorten(String.join(", ", codings))
              + "'");
    }
    if (codings.size() > 1) {
      return Optional.of(
          new Problem(
              StatusCodes.NOT_IMPLEMENTED,
              "Transfer-Encoding '"
                  + shorten(String.join(", ", codings))
                  + "' is not implemented; send the body with 'chunked' alone"));
    }
    return Optional.empty();
  }

  private static boolean fitsInLong(String digits) {
    try {
      Long.parseLong(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Optional<Problem> bad(String detail) {
    return Optional.of(new Problem(StatusCodes.BAD_REQUEST, detail));
  }

  /** Header values come from the network: short, and on one line, in what is sent back. */
  private static String shorten(String value) {
    String s = value.replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
