package io.herald.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Console logging for the herald command: time, level, logger, message. Set up in code rather than
 * from a logback.xml because reading one loads an XML parser and logback's configuration engine:
 * 407 classes on a node's way to ready (docs/performance.md, "Start-up").
 *
 * <p>The level is INFO unless the system property or environment variable HERALD_LOG_LEVEL says
 * otherwise (TRACE, DEBUG, INFO, WARN, ERROR or OFF, in any case; anything else means DEBUG, as
 * logback reads levels). Netty stays at WARN and Lettuce's transport notice at ERROR whatever the
 * level. A file named by the system property logback.configurationFile is used instead. Nothing
 * logged may contain an app secret.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String LEVEL_VARIABLE = "HERALD_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        // Lettuce says at every connection it opens that it chose epoll over io_uring; on a Redis
        // Cluster it opens connections at every topology refresh.
        context.getLogger("io.lettuce.core.resource.Transports").setLevel(Level.ERROR);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(System.getProperty(LEVEL_VARIABLE), System.getenv()));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The root level: the system property, else the environment variable, else INFO. */
    static Level level(String property, Map<String, String> environment) {
        String value = property != null ? property : environment.get(LEVEL_VARIABLE);
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        return Level.toLevel(value.trim(), Level.DEBUG);
    }
}
