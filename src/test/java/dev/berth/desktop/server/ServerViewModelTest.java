package dev.berth.desktop.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.ViewModelHarness;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerViewModelTest {
  @TempDir Path root;
  private ViewModelHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void start_runsTheRegistry_andStopStopsIt() throws Exception {
    harness = new ViewModelHarness(root);

    harness.server.start();

    assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
    assertThat(harness.server.urlProperty().get()).startsWith("http://127.0.0.1:");
    assertThat(harness.server.registryProperty().get().pullHost()).startsWith("127.0.0.1:");

    harness.server.stop();

    assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.STOPPED);
    assertThat(harness.server.registryProperty().get()).isNull();
    assertThat(harness.host.running()).isEmpty();
  }

  @Test
  void start_onATakenPort_saysSoInPlainWords_andOffersAnotherPort() throws Exception {
    harness = new ViewModelHarness(root);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      harness.settings.update(s -> s.withAddress("127.0.0.1:" + taken.getLocalPort()));

      harness.server.start();

      assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.FAILED);
      assertThat(harness.server.portInUseProperty().get()).isTrue();
      assertThat(harness.server.problemProperty().get())
          .isEqualTo(
              "Could not start the registry on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": port "
                  + taken.getLocalPort()
                  + " is already in use by another program. Type another port below and start"
                  + " again, or stop the other program.")
          .doesNotContain("Exception");
      assertThat(harness.server.alternativePortProperty().get())
          .isEqualTo(Integer.toString(taken.getLocalPort() + 1));
    }
  }

  @Test
  void startOnAlternativePort_savesThePortAndStarts() throws Exception {
    harness = new ViewModelHarness(root);
    int free;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      free = probe.getLocalPort();
    }
    harness.server.alternativePortProperty().set(Integer.toString(free));

    harness.server.startOnAlternativePort();

    assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
    assertThat(harness.server.registryProperty().get().engine().port()).isEqualTo(free);
    assertThat(harness.settings.store().load().address()).isEqualTo("127.0.0.1:" + free);
  }

  @Test
  void startOnAlternativePort_rejectsText() throws Exception {
    harness = new ViewModelHarness(root);
    harness.server.alternativePortProperty().set("fifty");

    harness.server.startOnAlternativePort();

    assertThat(harness.server.problemProperty().get()).contains("'fifty' is not a port");
    assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.STOPPED);
  }

  @Test
  void start_whileAnotherBerthUsesTheDataFolder_saysBerthIsAlreadyRunning() throws Exception {
    harness = new ViewModelHarness(root);
    Path data = Path.of(harness.settings.current().dataDirectory());
    try (BerthEngine other =
        BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data))) {

      harness.server.start();

      assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.FAILED);
      assertThat(harness.server.problemProperty().get())
          .contains("Berth is already running with this data folder");
      assertThat(harness.server.portInUseProperty().get()).isFalse();
    }
  }

  @Test
  void restart_comesBackRunning() throws Exception {
    harness = new ViewModelHarness(root);
    harness.server.start();

    harness.server.restart();

    assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
  }
}
