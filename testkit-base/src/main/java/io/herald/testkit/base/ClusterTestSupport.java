package io.herald.testkit.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterStateException;
import io.herald.cluster.NodeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Nodes on one store, bounded waits and parallel calls for tests of {@link ClusterState} drivers.
 * A driver's test says how to start an empty store, open a node on it and wipe it.
 */
public abstract class ClusterTestSupport {

    protected static final String APP = "app-1";
    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** How soon a driver must give up on a store that is down (drivers under test use a 2 s timeout). */
    protected static final Duration PROMPTLY = Duration.ofSeconds(5);
    /** A lease short enough to watch it run out. */
    protected static final Duration SHORT_LEASE = Duration.ofMillis(400);
    /** A lease no test outlives. */
    protected static final Duration LONG_LEASE = Duration.ofSeconds(60);

    private final List<ClusterState> opened = new ArrayList<>();

    /** Starts a new, empty store (a new key prefix, a new in-memory store) for the nodes of the next test. */
    protected abstract void newStore();

    /** A node object for {@code nodeId} on the store of the last {@link #newStore()}, as a new process would open it. */
    protected abstract ClusterState openNode(String nodeId, Duration lease);

    /** Loses everything the store holds, behind the nodes' backs, as a store restarted without its data. */
    protected abstract void wipeStore();

    /** Opens a node, closed after the test. */
    protected final ClusterState openTracked(String nodeId, Duration lease) {
        ClusterState node = openNode(nodeId, lease);
        opened.add(node);
        return node;
    }

    /** A node that has started: opened with a lease no test outlives, its empty part asserted. */
    protected final ClusterState node(String nodeId) {
        return node(nodeId, LONG_LEASE);
    }

    /** A node that has started with {@code lease}: opened, its empty part asserted (which starts the lease). */
    protected final ClusterState node(String nodeId, Duration lease) {
        ClusterState node = openTracked(nodeId, lease);
        assertThat(await(node.reassert(new NodeSnapshot(List.of(), List.of(), List.of(), Map.of()))).transitions()).isEmpty();
        return node;
    }

    /** {@code count} started nodes, {@code node-0} ... */
    protected final List<ClusterState> nodes(int count) {
        return IntStream.range(0, count).mapToObj(i -> node("node-" + i)).toList();
    }

    protected final void closeTracked() {
        for (ClusterState node : opened.reversed()) {
            node.close();
        }
        opened.clear();
    }

    /** The result of {@code stage}, failing the test if it failed or took longer than {@link #WAIT}. */
    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes {@code calls} calls from several threads released at once, and returns their results in call order. */
    protected static <T> List<T> inParallel(int calls, IntFunction<CompletionStage<T>> call) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = IntStream.range(0, calls)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return await(call.apply(i));
                    }))
                    .toList();
            start.countDown();
            List<T> results = new ArrayList<>(calls);
            for (Future<T> f : futures) {
                results.add(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            throw new AssertionError("a parallel call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("parallel calls did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }

    protected static void awaitCondition(Callable<Boolean> condition) {
        Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25)).until(condition);
    }

    /** Asserts that {@code stage} fails with {@link ClusterStateException} within {@link #PROMPTLY}. */
    protected static void assertFailsPromptly(Callable<CompletionStage<?>> call) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> call.call().toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ClusterStateException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    /** True when {@code call} completed normally, for waiting on a store to come back. */
    protected static boolean succeeds(Callable<CompletionStage<?>> call) {
        try {
            call.call().toCompletableFuture().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
