package dev.berth.desktop.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over between two launches of the desktop app, with the real command line as the second
 * launch (a child JVM running {@code berth desktop}): it must reach the running app, make it act,
 * and exit 0 without opening a window of its own. The window side (the stage coming to the front on
 * a real X server) is checked by PackageInstallIT on the installed package.
 */
class SingleInstanceTest {
  @TempDir Path settings;

  private Command.Result launchDesktop(String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dberth.config.dir=" + settings,
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.berth.Main"));
    command.addAll(List.of(arguments));
    return Command.of(command.toArray(String[]::new)).timeout(Duration.ofSeconds(60)).tryRun();
  }

  @Test
  void secondLaunch_asksTheRunningAppToComeForward_andExitsZero() throws Exception {
    SingleInstance.Claim claim = SingleInstance.claim(settings);
    assertThat(claim).isInstanceOf(SingleInstance.First.class);
    try (SingleInstance first = ((SingleInstance.First) claim).instance()) {
      CountDownLatch activated = new CountDownLatch(1);
      first.onActivate(activated::countDown);

      Command.Result second = launchDesktop();

      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.stdout())
          .contains("Berth is already open: its window was brought to the front.");
      assertThat(activated.await(0, TimeUnit.SECONDS))
          .as("the running app was asked before the second exited")
          .isTrue();
    }
  }

  @Test
  void aStartAtLoginWhileTheAppRuns_leavesItsWindowAlone_andExitsZero() throws Exception {
    try (SingleInstance first =
        ((SingleInstance.First) SingleInstance.claim(settings)).instance()) {
      AtomicInteger activations = new AtomicInteger();
      first.onActivate(activations::incrementAndGet);

      Command.Result second = launchDesktop("desktop", "--background");

      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.stdout()).contains("Berth is already running; it was left as it is.");
      assertThat(activations).as("the running app's window was not raised").hasValue(0);
      // The running app still answers a launch by hand.
      assertThat(launchDesktop().exitCode()).isZero();
      assertThat(activations).hasValue(1);
    }
  }

  @Test
  void aRequestBeforeTheWindowExists_isKeptUntilItDoes() throws Exception {
    try (SingleInstance first =
        ((SingleInstance.First) SingleInstance.claim(settings)).instance()) {
      assertThat(SingleInstance.claim(settings)).isInstanceOf(SingleInstance.HandedOver.class);

      AtomicInteger runs = new AtomicInteger();
      first.onActivate(runs::incrementAndGet);

      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void afterTheFirstCloses_orCrashedLeavingItsSocket_theNextLaunchIsTheFirst() throws Exception {
    ((SingleInstance.First) SingleInstance.claim(settings)).instance().close();
    assertThat(settings.resolve("instance.sock")).doesNotExist();

    // What a killed app leaves: the socket file, but no lock holder and nobody listening.
    Files.writeString(settings.resolve("instance.sock"), "");
    SingleInstance.Claim claim = SingleInstance.claim(settings);

    assertThat(claim).isInstanceOf(SingleInstance.First.class);
    ((SingleInstance.First) claim).instance().close();
  }
}
