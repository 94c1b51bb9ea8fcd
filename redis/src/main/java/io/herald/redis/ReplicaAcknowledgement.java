package io.herald.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;

/**
 * Makes a write to a Redis Cluster survive a failover: WAIT for one replica of the shard serving
 * {@code key} to have every write this connection sent there (Redis replicates asynchronously, so
 * a primary killed right after answering may take the write with it). It asks the same node
 * connection the writes went through, as WAIT counts only that connection's writes. A shard with
 * no replica has nothing to wait for; one whose replicas do not answer in time fails the call, so
 * the caller keeps the job and writes it again (at least once).
 */
final class ReplicaAcknowledgement {

    private final StatefulRedisClusterConnection<String, String> connection;
    private final int slot;
    private final long timeoutMillis;

    ReplicaAcknowledgement(StatefulRedisClusterConnection<String, String> connection, String key, Duration timeout) {
        this.connection = connection;
        this.slot = SlotHash.getSlot(key);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** Waits for one replica, or throws {@link RedisException} when none acknowledged in time. */
    void await() {
        RedisClusterNode primary = connection.getPartitions().getMasterBySlot(slot);
        if (primary == null) {
            throw new RedisException("no primary serves slot " + slot);
        }
        boolean hasReplica = connection.getPartitions().stream().anyMatch(node -> primary.getNodeId().equals(node.getSlaveOf())
                && !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL));
        if (!hasReplica) {
            return;
        }
        RedisURI uri = primary.getUri();
        Long acknowledged = connection.getConnection(uri.getHost(), uri.getPort()).sync().waitForReplication(1, timeoutMillis);
        if (acknowledged == null || acknowledged < 1) {
            throw new RedisException("no replica of " + uri.getHost() + ":" + uri.getPort() + " acknowledged the write within "
                    + timeoutMillis + " ms");
        }
    }
}
