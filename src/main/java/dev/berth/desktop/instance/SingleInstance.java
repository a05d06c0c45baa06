package dev.berth.desktop.instance;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop app per user: a second launch brings the running window to the front instead of
 * starting another app (which could only fail on the data folder's lock). The user is identified by
 * the settings folder, so tests and people with several settings folders get one app each.
 *
 * <pre>
 * &lt;settings folder&gt;/
 *   instance.lock   OS file lock, held by the running app (released by the OS if it dies)
 *   instance.sock   Unix domain socket the running app listens on (Windows 10 has them too)
 * </pre>
 *
 * The lock decides who is first, the socket carries the request. Protocol: the later launch sends
 * {@code activate\n}, the running app answers {@code ok\n} once it has handed the request to the
 * window. A socket file without a lock holder is left over from a crash and replaced.
 */
public final class SingleInstance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);
  static final String ACTIVATE = "activate\n";
  static final String OK = "ok\n";

  /**
   * How long a later launch waits for the first to listen: it may hold the lock but not yet the
   * socket.
   */
  private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(10);

  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Path socketPath;
  private final ServerSocketChannel server;
  private Runnable onActivate; // guarded by this
  private boolean pendingActivation; // guarded by this

  private SingleInstance(
      FileChannel lockChannel, FileLock lock, Path socketPath, ServerSocketChannel server) {
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.socketPath = socketPath;
    this.server = server;
  }

  /** What {@link #claim} found. */
  public sealed interface Claim permits First, HandedOver {}

  /** This is the first app: it listens for later launches until closed. */
  public record First(SingleInstance instance) implements Claim {}

  /**
   * Another app was running (the OS lock says so) and, unless claimed {@linkplain #claimQuietly
   * quietly}, has been asked to show its window.
   */
  public record HandedOver() implements Claim {}

  /**
   * Becomes the running app for {@code folder}, or asks the one that already is to come to the
   * front.
   *
   * @throws IOException if the folder cannot be used, or the running app does not answer
   */
  public static Claim claim(Path folder) throws IOException {
    return claim(folder, true);
  }

  /**
   * As {@link #claim(Path)}, but a running app is left as it is: what a start at login wants, since
   * a window popping up because the app already runs is not what logging in should do.
   */
  public static Claim claimQuietly(Path folder) throws IOException {
    return claim(folder, false);
  }

  private static Claim claim(Path folder, boolean showRunningWindow) throws IOException {
    Files.createDirectories(folder);
    Path socketPath = folder.resolve("instance.sock");
    FileChannel channel =
        FileChannel.open(
            folder.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process (tests): a later launch all the same
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      if (showRunningWindow) {
        activateRunning(socketPath);
      }
      return new HandedOver();
    }
    try {
      Files.deleteIfExists(socketPath); // we hold the lock: whoever made this file is gone
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socketPath));
      SingleInstance instance = new SingleInstance(channel, lock, socketPath, server);
      Thread listener = new Thread(instance::serve, "berth-single-instance");
      listener.setDaemon(true);
      listener.start();
      return new First(instance);
    } catch (IOException | RuntimeException e) {
      lock.release();
      channel.close();
      throw e;
    }
  }

  /**
   * What a later launch asks for, run on this listener's thread (hand it to the UI thread). A
   * request that arrives before this is set runs as soon as it is.
   */
  public synchronized void onActivate(Runnable action) {
    onActivate = action;
    if (pendingActivation) {
      pendingActivation = false;
      action.run();
    }
  }

  private static void activateRunning(Path socketPath) throws IOException {
    Instant deadline = Instant.now().plus(CONNECT_PATIENCE);
    IOException last = null;
    while (Instant.now().isBefore(deadline)) {
      try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        client.connect(UnixDomainSocketAddress.of(socketPath));
        write(client, ACTIVATE);
        String answer = readLine(client);
        if (!OK.equals(answer)) {
          throw new IOException(
              "the running Berth answered '" + answer.strip() + "' instead of ok");
        }
        return;
      } catch (IOException e) {
        // Not listening yet (it holds the lock, the socket comes next), or just gone: try again.
        last = e;
      }
      pause();
    }
    throw new IOException(
        "Berth is already running for "
            + socketPath.getParent()
            + " but did not answer within "
            + CONNECT_PATIENCE.toSeconds()
            + " s ("
            + last.getMessage()
            + ")",
        last);
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        if (ACTIVATE.equals(readLine(client))) {
          activate();
          write(client, OK);
        }
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.warn("A later launch of Berth could not reach this one: {}", e.getMessage());
        }
      }
    }
  }

  private void activate() {
    Runnable action;
    synchronized (this) {
      if (onActivate == null) {
        pendingActivation = true;
        return;
      }
      action = onActivate;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not bring the window to the front", e);
    }
  }

  private static void write(SocketChannel channel, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Reads up to a newline (the messages are a few bytes; more than 64 is not this protocol). */
  private static String readLine(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
      if (buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n') {
        break;
      }
    }
    buffer.flip();
    return StandardCharsets.US_ASCII.decode(buffer).toString();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops listening and lets the next launch be the first. */
  @Override
  public void close() throws IOException {
    try {
      server.close();
      Files.deleteIfExists(socketPath);
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }
}
