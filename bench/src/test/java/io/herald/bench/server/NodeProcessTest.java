package io.herald.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeProcessTest {

    @Test
    void readsTheJvmFlagsBeforeTheJar() {
        NodeProcess node = NodeProcess.parseCmdline(
                "/usr/bin/java\0-Xmx64m\0-XX:+UseSerialGC\0-jar\0/srv/herald.jar\0start\0--port\0" + "6001\0");

        assertThat(node.jvmFlags()).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
        assertThat(node.jar()).isEqualTo("/srv/herald.jar");
    }

    @Test
    void stopsAtTheMainClassAndKeepsTheClassPath() {
        NodeProcess node = NodeProcess.parseCmdline("java\0-cp\0a.jar:b.jar\0-Xss256k\0io.herald.Main\0start\0");

        assertThat(node.jvmFlags()).containsExactly("-cp", "a.jar:b.jar", "-Xss256k");
        assertThat(node.jar()).isNull();
    }
}
