package dev.berth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.Logger;

/**
 * Berth's logging setup, found by logback through {@code META-INF/services}: one line per event on
 * stderr (stdout stays free for command output), libraries at WARN, Berth at INFO. A file named
 * with {@code -Dlogback.configurationFile} replaces it, as in any logback application.
 *
 * <p>In code rather than {@code logback.xml} because reading the XML loaded an XML parser and
 * logback's configuration language, about 600 classes and 50-90 ms of every start (measured on
 * {@code serve}, 7 starts each).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  private static final List<String> QUIET_LIBRARIES =
      List.of("org.flywaydb", "org.xnio", "org.jboss", "io.undertow", "h2database");

  /** The system property with which logback users name a configuration file of their own. */
  static final String OWN_CONFIGURATION = "logback.configurationFile";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(OWN_CONFIGURATION) != null) {
      // -Dlogback.configurationFile=… (debug logging, a file appender): logback's own
      // configurator, next in line, reads it.
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    QUIET_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
