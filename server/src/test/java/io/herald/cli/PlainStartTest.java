package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.ConfigSources;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A plain {@code herald start} read without picocli: the same configuration, and picocli for all else. */
class PlainStartTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("HERALD_SERVER_PATH_PREFIX", "/pusher");

    @ParameterizedTest
    @ValueSource(strings = {
        "start",
        "start --port 6001 --metrics-port 9601",
        "start --host 127.0.0.1 --port 0 --metrics-port 0 --set server.drain.window=1",
        "start --config /etc/herald/herald.yaml --set a=1 --port=7001 --set b=2 --host=::1",
        "start --port 06001",
    })
    void readsTheSameConfigurationAsPicocli(String line) {
        String[] args = line.split(" ");

        assertThat(PlainStart.parse(args)).hasValueSatisfying(
                plain -> assertThat(plain.sources(ENVIRONMENT)).isEqualTo(picocliSources(args)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "start --help",
        "start -h",
        "start --port",
        "start --port abc",
        "start --port --host",
        "start --config a.yaml --config b.yaml",
        "start --port 1 --port 2",
        "start --unknown 1",
        "start extra",
        "sender",
        "config defaults",
        "version",
    })
    void leavesEverythingElseToPicocli(String line) {
        assertThat(PlainStart.parse(line.split(" "))).isEmpty();
    }

    @Test
    void runsANodeWithoutPicocli() {
        AtomicInteger servedPort = new AtomicInteger();

        int exitCode = HeraldCommand.run(Map.of(), node -> servedPort.set(node.port()),
                "start", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--set", "metrics.host=127.0.0.1");

        assertThat(exitCode).isZero();
        assertThat(servedPort.get()).isPositive();
    }

    @Test
    void reportsAConfigurationThatDoesNotLoadWithExitCodeTwo() {
        int exitCode = HeraldCommand.run(Map.of(), CommandRun.NO_NODE, "start", "--set", "server.port=not-a-port");

        assertThat(exitCode).isEqualTo(2);
    }

    private static ConfigSources picocliSources(String[] args) {
        CommandLine.ParseResult parsed = HeraldCommand.commandLine(ENVIRONMENT, CommandRun.NO_NODE).parseArgs(args);
        StartCommand start = (StartCommand) parsed.subcommand().commandSpec().userObject();
        return start.sources();
    }
}
