/**
 * Runs the Node end-to-end suite in {@code it/src/test/node} (pusher-js and the pusher server SDK
 * from npm, driven by {@code node --test}) from a JUnit test. Start reading at {@link
 * io.herald.it.node.NodeSuite}: it installs the npm dependencies, runs the suite against a node and
 * returns a {@link io.herald.it.node.NodeTestReport} with one entry per node test.
 *
 * <p>Depends only on the JDK: no Herald classes, so the runner cannot be broken by the server.
 */
package io.herald.it.node;
