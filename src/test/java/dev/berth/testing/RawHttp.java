package dev.berth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection on a plain socket, for requests no well-behaved client would send (a
 * {@code Content-Length} that overflows, an unknown {@code Transfer-Encoding}, a second request
 * hidden in a body) and for choosing the source address of a connection ({@code 127.0.0.2} is
 * another loopback client on Linux). The bytes go out exactly as written.
 *
 * <p>Reads give up after {@link #READ_TIMEOUT}: that bounds a failing test, it never orders events.
 */
public final class RawHttp implements AutoCloseable {
  private static final int READ_TIMEOUT = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to the registry at {@code base} (plain HTTP) from the default source address. */
  public static RawHttp connect(URI base) {
    return connect(base, null);
  }

  /** Connects from {@code sourceAddress}, e.g. {@code 127.0.0.2} to appear as a second client. */
  public static RawHttp connect(URI base, String sourceAddress) {
    try {
      Socket socket = new Socket();
      if (sourceAddress != null) {
        socket.bind(new InetSocketAddress(sourceAddress, 0));
      }
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), READ_TIMEOUT);
      socket.setSoTimeout(READ_TIMEOUT);
      return new RawHttp(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the server answered. Header names are lower case. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Writes {@code text} as is (lines must end in CRLF), in one piece. */
  public RawHttp send(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response; its body by Content-Length or chunked. */
  public Response read() {
    try {
      String statusLine = line();
      if (statusLine == null) {
        throw new AssertionError("the server closed the connection instead of answering");
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(); line != null && !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      String body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunkedBody();
      } else {
        body =
            new String(
                in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))),
                StandardCharsets.UTF_8);
      }
      return new Response(status, headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the server has closed the connection: true when the next read sees its end, false when
   * more bytes arrive (a further response), and an assertion failure when the connection just stays
   * open and silent.
   */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the server neither closed the connection nor sent anything within "
              + READ_TIMEOUT
              + " ms");
    } catch (IOException e) {
      return true; // reset by the server: closed as well
    }
  }

  private String chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().split(";")[0].trim(), 16);
      if (size == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers are not needed
        }
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  /** One CRLF-terminated line without its end, or null at the end of the stream. */
  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
