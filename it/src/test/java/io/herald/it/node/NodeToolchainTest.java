package io.herald.it.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeToolchainTest {

    @Test
    void acceptsNodeVersionsFromTwentyTenOn() {
        assertThat(NodeToolchain.supported("v20.10.0")).isTrue();
        assertThat(NodeToolchain.supported("v20.20.2")).isTrue();
        assertThat(NodeToolchain.supported("v22.1.0")).isTrue();
    }

    @Test
    void rejectsOlderOrUnreadableNodeVersions() {
        assertThat(NodeToolchain.supported("v20.9.0")).isFalse();
        assertThat(NodeToolchain.supported("v18.20.4")).isFalse();
        assertThat(NodeToolchain.supported("20.20.2")).isFalse();
        assertThat(NodeToolchain.supported("")).isFalse();
    }
}
