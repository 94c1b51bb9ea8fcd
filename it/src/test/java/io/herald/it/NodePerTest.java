package io.herald.it;

import io.herald.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of gateway tests that start a node per test, each with the overrides it needs, plus the
 * pusher-http-java client for it; both are closed after the test.
 */
abstract class NodePerTest {

    protected TestNode node;
    protected RestApi api;

    protected void start(String... overrides) {
        node = TestNode.start(overrides);
        api = RestApi.of(node);
    }

    @AfterEach
    void stopNode() throws Exception {
        if (api != null) {
            api.close();
        }
        if (node != null) {
            node.close();
        }
    }
}
