package io.herald.testkit.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both launchers, against the real binaries. */
class ServerProcessIT {

    static Stream<Named<Supplier<ServerProcess>>> servers() {
        return Stream.of(
                Named.of("redis-server", RedisServer::start),
                Named.of("nats-server", NatsServer::start));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void startsOnAFreePortAndAnswersPing(Supplier<ServerProcess> start) {
        try (ServerProcess server = start.get()) {
            assertThat(server.ping()).isTrue();
            assertThat(server.port()).isGreaterThan(0).isNotIn(6379, 4222);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void restartsOnTheSamePortAfterAKill(Supplier<ServerProcess> start) {
        try (ServerProcess server = start.get()) {
            int port = server.port();
            server.kill();
            assertThat(server.ping()).isFalse();
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.ping()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void restartsEmptyAfterWipingItsData(Supplier<ServerProcess> start) throws Exception {
        try (ServerProcess server = start.get()) {
            Files.writeString(server.dataDir().resolve("marker"), "x");
            server.restartEmpty();
            assertThat(server.ping()).isTrue();
            assertThat(server.dataDir().resolve("marker")).doesNotExist();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void closeKillsTheServerAndDeletesItsDirectory(Supplier<ServerProcess> start) {
        ServerProcess server = start.get();
        var dir = server.dataDir();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void urlsNameTheLoopbackPort() {
        try (RedisServer redis = RedisServer.start(); NatsServer nats = NatsServer.start()) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(nats.url()).isEqualTo("nats://127.0.0.1:" + nats.port());
        }
    }
}
