package dev.berth.api;

/**
 * A single byte range of a {@code Range: bytes=…} request header (RFC 9110 §14), resolved against
 * the size of the content.
 */
record ByteRange(long start, long end) {

  long length() {
    return end - start + 1;
  }

  /** Thrown when a syntactically valid range lies outside the content (answered with 416). */
  static final class UnsatisfiableException extends Exception {
    UnsatisfiableException() {
      super(null, null, false, false);
    }
  }

  /**
   * Parses {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
   *
   * @return null when the header is absent or not a single byte range, which RFC 9110 says to
   *     ignore (serve the whole content)
   * @throws UnsatisfiableException when the range starts beyond the content
   */
  static ByteRange parse(String header, long size) throws UnsatisfiableException {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        if (suffix <= 0 || size == 0) {
          throw new UnsatisfiableException();
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
      if (start < 0 || (!last.isEmpty() && Long.parseLong(last) < start)) {
        return null;
      }
      if (start >= size) {
        throw new UnsatisfiableException();
      }
      return new ByteRange(start, end);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
