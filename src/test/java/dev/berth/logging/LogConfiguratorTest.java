package dev.berth.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogConfiguratorTest {
  @Test
  void oneLinePerEventOnStderr_librariesQuiet() {
    LoggerContext context = new LoggerContext();
    new LogConfigurator().configure(context);

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> stderr =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("dev.berth.engine.BerthEngine").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("io.undertow.request").isInfoEnabled()).isFalse();
    assertThat(context.getLogger("org.flywaydb.core.Flyway").isWarnEnabled()).isTrue();

    LoggingEvent event =
        new LoggingEvent(
            "fqcn",
            context.getLogger("dev.berth.engine.BerthEngine"),
            Level.INFO,
            "Berth registry stopped",
            null,
            null);
    String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
    assertThat(line)
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  BerthEngine - Berth registry stopped\\R");
  }

  @Test
  void aConfigurationFileNamedByTheUser_isLeftToLogback() {
    LoggerContext context = new LoggerContext();
    System.setProperty(LogConfigurator.OWN_CONFIGURATION, "/etc/berth/logback.xml");
    try {
      assertThat(new LogConfigurator().configure(context))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      System.clearProperty(LogConfigurator.OWN_CONFIGURATION);
    }
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
  }
}
