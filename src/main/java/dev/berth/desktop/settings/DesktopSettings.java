package dev.berth.desktop.settings;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What the app remembers between runs.
 *
 * @param address where the registry listens, {@code HOST:PORT}
 * @param dataDirectory the data folder
 * @param deleteEnabled whether tags and manifests may be deleted (from the API and the browser)
 * @param auth {@code none}, {@code basic} or {@code token}, as for {@code serve --auth}
 * @param anonymousPull with authentication on, let callers without credentials pull
 * @param https serve HTTPS with the data folder's certificate (made in the Certificates view)
 * @param gcEveryHours collect garbage every so many hours; 0 turns the schedule off
 * @param gcDeleteUntagged scheduled collections also delete manifests no tag reaches
 * @param gcGraceMinutes content younger than this is never collected (a push may be under way);
 *     absent in older files, which means the engine's default of one hour
 * @param background what happens when the window closes and when the person logs in; absent in
 *     older files, which means the window's close stops the registry and nothing starts at login
 */
public record DesktopSettings(
    String address,
    String dataDirectory,
    boolean deleteEnabled,
    double windowWidth,
    double windowHeight,
    String auth,
    boolean anonymousPull,
    boolean https,
    int gcEveryHours,
    boolean gcDeleteUntagged,
    Integer gcGraceMinutes,
    BackgroundSettings background) {

  public static final double DEFAULT_WIDTH = 1200;
  public static final double DEFAULT_HEIGHT = 800;
  private static final double MIN_SIZE = 400;

  public DesktopSettings {
    if (address == null || address.isBlank()) {
      address = ListenAddress.DEFAULT.toString();
    }
    if (dataDirectory == null || dataDirectory.isBlank()) {
      dataDirectory = EngineConfig.defaultDataDirectory().toString();
    }
    windowWidth = windowWidth < MIN_SIZE ? DEFAULT_WIDTH : windowWidth;
    windowHeight = windowHeight < MIN_SIZE ? DEFAULT_HEIGHT : windowHeight;
    auth = authMode(auth).word();
    // Anonymous pull without authentication would mean "everyone may push": never saved that way.
    anonymousPull = anonymousPull && !auth.equals(AuthSettings.Mode.NONE.word());
    gcEveryHours = Math.max(0, gcEveryHours);
    gcGraceMinutes =
        gcGraceMinutes == null || gcGraceMinutes < 0
            ? (int) GcOptions.DEFAULT_GRACE.toMinutes()
            : gcGraceMinutes;
    background = background == null ? BackgroundSettings.OFF : background;
  }

  /** Settings of the first version: no authentication, plain HTTP, no scheduled collection. */
  public DesktopSettings(
      String address,
      String dataDirectory,
      boolean deleteEnabled,
      double windowWidth,
      double windowHeight) {
    this(
        address,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        null,
        false,
        false,
        0,
        false,
        null,
        null);
  }

  public static DesktopSettings defaults() {
    return new DesktopSettings(null, null, true, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  private static AuthSettings.Mode authMode(String word) {
    try {
      return word == null
          ? AuthSettings.Mode.NONE
          : AuthSettings.Mode.valueOf(word.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return AuthSettings.Mode.NONE;
    }
  }

  public AuthSettings.Mode authMode() {
    return authMode(auth);
  }

  /** The options of a collection started from the app (dry run or not is the caller's choice). */
  public GcOptions gcOptions(boolean deleteUntagged) {
    return GcOptions.defaults()
        .withDeleteUntagged(deleteUntagged)
        .withGracePeriod(Duration.ofMinutes(gcGraceMinutes));
  }

  /**
   * A scheduled collection keeps at least this grace period, whatever was saved: a grace of 0 suits
   * one collection someone starts on purpose, but scheduled it would delete the layers of any push
   * under way between its uploads and its manifest.
   */
  static final Duration SCHEDULED_GRACE_FLOOR = Duration.ofMinutes(10);

  /** The saved schedule, or empty when scheduled collection is off. */
  public Optional<GcScheduler.Schedule> gcSchedule() {
    if (gcEveryHours == 0) {
      return Optional.empty();
    }
    GcOptions options = gcOptions(gcDeleteUntagged);
    if (options.gracePeriod().compareTo(SCHEDULED_GRACE_FLOOR) < 0) {
      options = options.withGracePeriod(SCHEDULED_GRACE_FLOOR);
    }
    return Optional.of(new GcScheduler.Schedule(Duration.ofHours(gcEveryHours), options));
  }

  /**
   * The engine configuration these settings describe.
   *
   * @throws IllegalArgumentException when the address is not {@code HOST:PORT}
   */
  public EngineConfig engineConfig() {
    return EngineConfig.of(ListenAddress.parse(address), Path.of(dataDirectory))
        .withDeleteEnabled(deleteEnabled)
        .withAuth(new AuthSettings(authMode(), anonymousPull))
        .withTls(https ? TlsSettings.DATA_FOLDER : TlsSettings.OFF)
        .withGcSchedule(gcSchedule());
  }

  public DesktopSettings withAddress(String newAddress) {
    return new DesktopSettings(
        newAddress,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        auth,
        anonymousPull,
        https,
        gcEveryHours,
        gcDeleteUntagged,
        gcGraceMinutes,
        background);
  }

  public DesktopSettings withServer(
      String newAddress, String newDataDirectory, boolean newDeleteEnabled) {
    return new DesktopSettings(
        newAddress,
        newDataDirectory,
        newDeleteEnabled,
        windowWidth,
        windowHeight,
        auth,
        anonymousPull,
        https,
        gcEveryHours,
        gcDeleteUntagged,
        gcGraceMinutes,
        background);
  }

  public DesktopSettings withAccess(
      AuthSettings.Mode newAuth, boolean newAnonymousPull, boolean newHttps) {
    return new DesktopSettings(
        address,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        newAuth.word(),
        newAnonymousPull,
        newHttps,
        gcEveryHours,
        gcDeleteUntagged,
        gcGraceMinutes,
        background);
  }

  public DesktopSettings withGcSchedule(int everyHours, boolean deleteUntagged) {
    return new DesktopSettings(
        address,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        auth,
        anonymousPull,
        https,
        everyHours,
        deleteUntagged,
        gcGraceMinutes,
        background);
  }

  public DesktopSettings withGcGraceMinutes(int minutes) {
    return new DesktopSettings(
        address,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        auth,
        anonymousPull,
        https,
        gcEveryHours,
        gcDeleteUntagged,
        minutes,
        background);
  }

  public DesktopSettings withWindowSize(double width, double height) {
    return new DesktopSettings(
        address,
        dataDirectory,
        deleteEnabled,
        width,
        height,
        auth,
        anonymousPull,
        https,
        gcEveryHours,
        gcDeleteUntagged,
        gcGraceMinutes,
        background);
  }

  public DesktopSettings withBackground(BackgroundSettings newBackground) {
    return new DesktopSettings(
        address,
        dataDirectory,
        deleteEnabled,
        windowWidth,
        windowHeight,
        auth,
        anonymousPull,
        https,
        gcEveryHours,
        gcDeleteUntagged,
        gcGraceMinutes,
        newBackground);
  }
}
