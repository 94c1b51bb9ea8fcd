package io.herald.redis;

import io.herald.config.RedisMode;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A Lettuce client as every Redis driver here uses one: a small thread pool of its own, reconnecting
 * by itself with a short backoff, and failing every command at once while disconnected and after
 * {@code timeout} otherwise, so that no call waits on a server that is gone (on a cluster, a
 * command for a shard that is down waits for the timeout).
 *
 * <p>On one server it is a {@link RedisClient}; on a Redis Cluster a {@link RedisClusterClient}
 * started from the seed nodes, which routes each command to the primary serving its key's slot,
 * follows {@code MOVED} and {@code ASK} redirections, and refreshes its view of the topology on
 * every redirection, on reconnects and every {@value #TOPOLOGY_REFRESH_SECONDS} s, so a failover
 * or a resharding is picked up without a restart. Both hand out connections through the commands
 * they share ({@link RedisLink}), so the drivers have one code path.
 */
final class RedisClients {

    /**
     * Opening a connection (TCP connect and handshake) may take longer than a command: a node
     * starting on a busy machine must not give up on a Redis that is there.
     */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);
    /** Lettuce's default: no limit on the commands a connection holds. */
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    static final int TOPOLOGY_REFRESH_SECONDS = 5;
    /** Adaptive refreshes at most this often, so a burst of redirections does not become a burst of CLUSTER SLOTS. */
    private static final Duration ADAPTIVE_REFRESH_MIN_INTERVAL = Duration.ofMillis(500);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final List<RedisURI> uris;
    private RedisLink<String, String> shared;

    private RedisClients(ClientResources resources, AbstractRedisClient client, List<RedisURI> uris) {
        this.resources = resources;
        this.client = client;
        this.uris = uris;
    }

    /** The longer of a command timeout and the time allowed to open a connection. */
    static Duration setupTimeout(Duration commandTimeout) {
        return commandTimeout.compareTo(SETUP_TIMEOUT) > 0 ? commandTimeout : SETUP_TIMEOUT;
    }

    /** One server at {@code url}. */
    static RedisClients create(String url, Duration timeout) {
        return create(url, RedisMode.STANDALONE, timeout);
    }

    /** One server at {@code url}, or in CLUSTER mode a Redis Cluster found from the comma-separated seeds in {@code url}. */
    static RedisClients create(String url, RedisMode mode, Duration timeout) {
        return create(url, mode, timeout, UNBOUNDED);
    }

    /**
     * As {@link #create(String, RedisMode, Duration)}, each connection holding at most
     * {@code queueLimit} commands (sent and unanswered, or waiting for the connection): one more
     * fails at once with a {@link io.lettuce.core.RedisException}.
     */
    static RedisClients create(String url, RedisMode mode, Duration timeout, int queueLimit) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        List<RedisURI> uris = (mode == RedisMode.CLUSTER ? Arrays.stream(url.split(",")).map(String::strip) : java.util.stream.Stream.of(url))
                .map(RedisURI::create).toList();
        uris.forEach(uri -> uri.setTimeout(setupTimeout(timeout)));
        SocketOptions socket = SocketOptions.builder().connectTimeout(setupTimeout(timeout)).build();
        if (mode != RedisMode.CLUSTER) {
            RedisClient client = RedisClient.create(resources, uris.getFirst());
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(queueLimit)
                    .socketOptions(socket)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            return new RedisClients(resources, client, uris);
        }
        RedisClusterClient client = RedisClusterClient.create(resources, uris);
        // Lettuce opens a connection to each shard when the first command for it comes, and would
        // reject that command (and every command to a promoted replica) if it rejected commands
        // while disconnected: on a cluster, a command waits for its shard, for the command timeout at most.
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .requestQueueSize(queueLimit)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .maxRedirects(5)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(TOPOLOGY_REFRESH_SECONDS))
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_MIN_INTERVAL)
                        .refreshTriggersReconnectAttempts(1)
                        .dynamicRefreshSources(true)
                        .closeStaleConnections(true)
                        .build())
                .build());
        return new RedisClients(resources, client, uris);
    }

    /** Whether this is a Redis Cluster client. */
    boolean cluster() {
        return client instanceof RedisClusterClient;
    }

    /** The standalone client; only when not {@link #cluster()}. */
    RedisClient standalone() {
        return (RedisClient) client;
    }

    /** The cluster client; only when {@link #cluster()}. */
    RedisClusterClient clusterClient() {
        return (RedisClusterClient) client;
    }

    ClientResources resources() {
        return resources;
    }

    /** Opens a connection: to the server, or to the cluster (routing each command by its first key). */
    <K, V> RedisLink<K, V> connect(RedisCodec<K, V> codec) {
        if (client instanceof RedisClusterClient clusterClient) {
            StatefulRedisClusterConnection<K, V> connection = clusterClient.connect(codec);
            return new RedisLink<>(connection, connection.async(), connection.sync());
        }
        StatefulRedisConnection<K, V> connection = ((RedisClient) client).connect(codec);
        return new RedisLink<>(connection, connection.async(), connection.sync());
    }

    /** One string connection shared by every caller, opened by the first. */
    synchronized RedisLink<String, String> link() {
        if (shared == null) {
            shared = connect(StringCodec.UTF8);
        }
        return shared;
    }

    /** The first seed's URL, with its credentials and TLS settings, for connections opened to other nodes. */
    RedisURI seed() {
        return uris.getFirst();
    }

    /** host:port (every seed's, on a cluster), for messages. */
    String address() {
        return uris.stream().map(uri -> uri.getHost() + ":" + uri.getPort()).collect(Collectors.joining(","));
    }

    void shutdown() {
        shutdown(client);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Shuts {@code client} down, waiting {@link #SHUTDOWN_WAIT} at most: Lettuce's own shutdown
     * waits without a limit for its connections to close, and a cluster connection still trying
     * to reach a killed node can keep it waiting for ever, holding up the node's own shutdown.
     */
    static void shutdown(AbstractRedisClient client) {
        try {
            client.shutdownAsync(0, SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(SHUTDOWN_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Given up on: the node goes on closing; what is left of the client dies with the process.
        }
    }

    /** A connection and the commands one server and a cluster share. */
    record RedisLink<K, V>(StatefulConnection<K, V> connection, RedisClusterAsyncCommands<K, V> async,
            RedisClusterCommands<K, V> sync) {}
}
