package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConsoleLoggingTest {

    @Test
    void levelIsInfoUnlessThePropertyOrTheVariableSaysOtherwise() {
        assertThat(ConsoleLogging.level(null, Map.of())).isEqualTo(Level.INFO);
        assertThat(ConsoleLogging.level(null, Map.of("HERALD_LOG_LEVEL", " "))).isEqualTo(Level.INFO);
        assertThat(ConsoleLogging.level(null, Map.of("HERALD_LOG_LEVEL", "warn"))).isEqualTo(Level.WARN);
        assertThat(ConsoleLogging.level("Trace", Map.of("HERALD_LOG_LEVEL", "warn"))).isEqualTo(Level.TRACE);
        assertThat(ConsoleLogging.level(null, Map.of("HERALD_LOG_LEVEL", "OFF"))).isEqualTo(Level.OFF);
        // As logback reads a level it does not know.
        assertThat(ConsoleLogging.level(null, Map.of("HERALD_LOG_LEVEL", "loud"))).isEqualTo(Level.DEBUG);
    }

    @Test
    void consoleAtTheRootNettyAtWarn() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging logging = new ConsoleLogging();
        logging.setContext(context);

        assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
        assertThat(console.isStarted()).isTrue();
        assertThat(((LayoutWrappingEncoder<?>) console.getEncoder()).getLayout().toString()).isNotEmpty();
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.lettuce.core.resource.Transports").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.herald").getEffectiveLevel()).isEqualTo(root.getLevel());
    }

    @Test
    void theCommandsOwnLoggingIsThisOne() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    }
}
