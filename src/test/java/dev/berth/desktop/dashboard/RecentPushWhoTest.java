package dev.berth.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How "Recent pushes" names who pushed: short, and never a bare "anonymous". */
class RecentPushWhoTest {
  @Test
  void usersByName_anonymousClientsByAddress_theAppAndImportsByWhatTheyAre() {
    assertThat(DashboardViewModel.who("alice@10.0.0.5")).isEqualTo(" by alice");
    assertThat(DashboardViewModel.who("ci-robot@[fd00::7]")).isEqualTo(" by ci-robot");
    assertThat(DashboardViewModel.who("anonymous@192.168.1.20")).isEqualTo(" from 192.168.1.20");
    assertThat(DashboardViewModel.who("app")).isEqualTo(" from this app");
    assertThat(DashboardViewModel.who("registry:2 import")).isEqualTo(" by registry:2 import");
    assertThat(DashboardViewModel.who(null)).as("pushed before Berth recorded it").isEmpty();
  }
}
