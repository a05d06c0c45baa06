package dev.berth.desktop;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory settings of the C libraries under the window, made before the toolkit starts, because only
 * the process itself can make them once it runs: the launchers cannot set environment variables,
 * and a plain {@code java -jar} sets nothing at all.
 *
 * <ul>
 *   <li>Berth draws its window with JavaFX's software pipeline (see {@link #PRISM_ORDER}), yet GTK
 *       still opens OpenGL when it starts, to pick its visuals: with Mesa that maps {@code libLLVM}
 *       and the driver, 45–50 MB resident that nothing uses (measured with {@code /proc/PID/smaps}
 *       under Xvfb). {@code GDK_GL=disable} tells GTK not to.
 *   <li>glibc gives each thread that allocates its own malloc arena, up to eight per core; with the
 *       registry's worker threads those arenas hold freed memory for good. Two arenas ({@code
 *       M_ARENA_MAX}) hold it down; the JVM allocates its own memory outside malloc anyway.
 * </ul>
 *
 * Linux with glibc only; elsewhere, or when the native call fails, nothing changes and the app runs
 * as before with more memory. The two JavaFX properties set first (the software pipeline, no region
 * cache) hold on every system, as they must be set before the toolkit reads them too.
 */
public final class NativeEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);

  /**
   * The pipeline the app asks JavaFX for unless the person chose one: software rendering is ample
   * for forms and tables, and a GPU driver costs tens of MB resident in an app that sits in the
   * background all day. {@code -Dprism.order=es2,sw} brings the GPU back.
   */
  static final String PRISM_ORDER = "sw";

  /**
   * JavaFX caches region backgrounds (rounded buttons, cards) in one 2048 × 1024 texture per
   * screen. On a GPU it lives in video memory; with the software pipeline it is an {@code int[]} of
   * 8 MB in the Java heap for as long as the window exists (seen in a heap dump of an hour's use).
   * Drawing those backgrounds directly costs a little drawing time on a repaint instead.
   */
  static final String REGION_CACHING_PROPERTY = "prism.disableRegionCaching";

  /** glibc's {@code M_ARENA_MAX} parameter of {@code mallopt}. */
  private static final int M_ARENA_MAX = -8;

  private static final int MALLOC_ARENAS = 2;

  private NativeEnvironment() {}

  /** The C functions used; JNA binds them by name. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);

    int mallopt(int parameter, int value);
  }

  /** Call first thing, while no other thread of ours runs: {@code setenv} is not thread-safe. */
  public static void prepareForWindow() {
    if (System.getProperty("prism.order") == null) {
      System.setProperty("prism.order", PRISM_ORDER);
    }
    boolean softwareOnly = PRISM_ORDER.equals(System.getProperty("prism.order"));
    if (softwareOnly && System.getProperty(REGION_CACHING_PROPERTY) == null) {
      System.setProperty(REGION_CACHING_PROPERTY, "true");
    }
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return;
    }
    try {
      CLibrary c = Native.load("c", CLibrary.class);
      if (softwareOnly && System.getenv("GDK_GL") == null) {
        c.setenv("GDK_GL", "disable", 0);
      }
      if (System.getenv("MALLOC_ARENA_MAX") == null) {
        c.mallopt(M_ARENA_MAX, MALLOC_ARENAS);
      }
    } catch (LinkageError | RuntimeException e) {
      // Not glibc, or no native access: the window works the same, it only costs more memory.
      LOG.debug("Native memory settings not applied: {}", e.toString());
    }
  }
}
