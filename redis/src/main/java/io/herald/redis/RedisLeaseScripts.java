package io.herald.redis;

import static io.herald.redis.RedisStateScripts.COMMON;
import static io.herald.redis.RedisStateScripts.MODEL;

/**
 * The Lua scripts of {@link RedisClusterState} that keep a node's part alive and clean up after
 * dead nodes: renewing the lease, claiming an expired node, cleaning it up, and re-asserting a
 * node's whole part. They share the key layout, arguments and helpers of
 * {@link RedisStateScripts}, which documents them.
 */
final class RedisLeaseScripts {

    private RedisLeaseScripts() {}

    /**
     * Called as this node writes its lease: when the lease it had here ran out (or its part was
     * cleaned up), it was cut off from this store, or the store from everyone (a Redis Cluster
     * shard failing over for longer than the lease), so the leases that ran out meanwhile prove
     * nothing. For one lease it claims nobody ({@code node:ID:back}, expiring): a node that is
     * alive renews meanwhile.
     */
    private static final String LAPSE = """
            local function markBackIfLapsed(now)
              local score = redis.call('ZSCORE', NODES, SELF)
              if (score == false and KNOWN_EPOCH ~= '') or (score ~= false and tonumber(score) < now) then
                redis.call('SET', nodeKey(SELF, 'back'), '1', 'PX', LEASE)
              end
            end
            """;

    /**
     * ARGV: app, connections, app, connections, ... Returns 0, writing nothing, when the node's
     * part is not whole (never reasserted, lost, or claimed by a node cleaning it up).
     */
    static final String RENEW_LEASE = COMMON + LAPSE + """
            if redis.call('HEXISTS', CLAIMS, SELF) == 1 or redis.call('EXISTS', nodeKey(SELF, 'info')) == 0 then
              return 0
            end
            local now = nowMillis()
            markBackIfLapsed(now)
            redis.call('ZADD', NODES, now + LEASE, SELF)
            local apps = nodeKey(SELF, 'apps')
            redis.call('DEL', apps)
            for i = 5, #ARGV, 2 do redis.call('HSET', apps, ARGV[i], ARGV[i + 1]) end
            return 1
            """;

    /**
     * Returns a node whose lease has expired and that nobody else alive is cleaning up, now claimed
     * by this node; a node this node claimed already and has not finished cleaning up comes back
     * (its clean-up failed half-way, or the reply to the claim was lost), so it is resumed. False
     * when there is none, when this node's own lease has expired, and for a lease after this node
     * came back from a lapse of its own ({@code node:ID:back}). Looks at the 100 longest-dead
     * nodes. Optional ARGV: a node (claims only that one, whether or not its lease here has run
     * out, lapse or not: partition 0 decided), a grace in ms (claims only nodes expired at least
     * that long ago), then nodes not to claim (alive in partition 0); all are used by a partitioned
     * store (see RedisPartitionedClusterState).
     */
    static final String CLAIM_EXPIRED_NODE = COMMON + """
            local now = nowMillis()
            local only, grace = ARGV[5] or '', tonumber(ARGV[6] or '0') or 0
            local function alive(node)
              local score = redis.call('ZSCORE', NODES, node)
              return score ~= false and tonumber(score) >= now
            end
            if not alive(SELF) or redis.call('HEXISTS', CLAIMS, SELF) == 1 then return false end
            if only ~= '' then
              -- Partition 0 found it expired; here its lease may still run for the few ms between the
              -- renewals of the partitions, so only whether it has a part here counts.
              if redis.call('ZSCORE', NODES, only) == false then return false end
              local claimer = redis.call('HGET', CLAIMS, only)
              if claimer == false or claimer == SELF or not alive(claimer) then
                redis.call('HSET', CLAIMS, only, SELF)
                return only
              end
              return false
            end
            if redis.call('EXISTS', nodeKey(SELF, 'back')) == 1 then return false end
            local spared = {}
            for i = 7, #ARGV do spared[ARGV[i]] = true end
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', NODES, '-inf', '(' .. (now - grace), 'LIMIT', 0, 100)) do
              local claimer = redis.call('HGET', CLAIMS, node)
              if not spared[node] and (claimer == false or claimer == SELF or not alive(claimer)) then
                redis.call('HSET', CLAIMS, node, SELF)
                return node
              end
            end
            return false
            """;

    /**
     * ARGV: node, limit. Removes up to limit of the node's entries, each taking the node's count out
     * of its total. Returns {done, transitions...}; done is 1 when the node is gone, or when its
     * clean-up is no longer this node's (it is neither the node itself nor its claimer).
     */
    static final String CLEAN_UP = MODEL + """
            local target, limit = ARGV[5], math.max(1, tonumber(ARGV[6]))
            if target ~= SELF and redis.call('HGET', CLAIMS, target) ~= SELF then return {'1'} end
            local entries, stale = nodeKey(target, 'entries'), nodeKey(target, 'stale')
            local names = redis.call('HRANDFIELD', entries, limit)
            if #names < limit then
              for _, name in ipairs(redis.call('HRANDFIELD', stale, limit - #names)) do names[#names + 1] = name end
            end
            local out = {'0'}
            for _, name in ipairs(names) do
              local kind, app, channel, user = parseEntry(name)
              local before, after = move(target, kind, app, channel, user, 0, nil)
              report(out, kind, app, channel, user, before, after)
            end
            if redis.call('EXISTS', entries, stale) == 0 then
              redis.call('DEL', nodeKey(target, 'apps'), nodeKey(target, 'info'), nodeKey(target, 'back'))
              redis.call('ZREM', NODES, target)
              redis.call('HDEL', CLAIMS, target)
              out[1] = '1'
            end
            return out
            """;

    /**
     * The first step of a re-assertion: everything the node holds becomes stale (entries renamed to
     * stale, or merged into what an unfinished re-assertion left there), its part is marked not
     * whole (info deleted) until {@link #REASSERT_END}, its lease renewed and any claim on it
     * dropped, so a claimer half-way through stops and nobody claims it meanwhile, unless the
     * node stalls past its lease: the later steps then refuse, and the node starts over. Returns
     * {the store's epoch, 1 when the store lost its data since the node's known epoch (the node's
     * {@code restoring} key is then set, and the later steps report nothing), ms of recovery left}.
     */
    static final String REASSERT_BEGIN = COMMON + LAPSE + """
            local entries, stale = nodeKey(SELF, 'entries'), nodeKey(SELF, 'stale')
            if redis.call('EXISTS', entries) == 1 then
              if redis.call('EXISTS', stale) == 0 then
                redis.call('RENAME', entries, stale)
              else
                local held = redis.call('HGETALL', entries)
                for i = 1, #held, 2 do redis.call('HINCRBY', stale, held[i], held[i + 1]) end
                redis.call('DEL', entries)
              end
            end
            redis.call('DEL', nodeKey(SELF, 'info'))
            local now = nowMillis()
            markBackIfLapsed(now)
            redis.call('ZADD', NODES, now + LEASE, SELF)
            redis.call('HDEL', CLAIMS, SELF)
            local epoch, lost = redis.call('HGET', EPOCH, 'id'), KNOWN_EPOCH ~= ''
            if epoch == false then
              epoch = now .. ':' .. SELF
              redis.call('HSET', EPOCH, 'id', epoch, 'recovering_until', lost and (now + 2 * LEASE) or 0)
            else
              lost = lost and epoch ~= KNOWN_EPOCH
            end
            if lost then redis.call('SET', nodeKey(SELF, 'restoring'), '1') else redis.call('DEL', nodeKey(SELF, 'restoring')) end
            local left = math.max(0, tonumber(redis.call('HGET', EPOCH, 'recovering_until') or '0') - now)
            return {epoch, lost and '1' or '0', tostring(left)}
            """;

    /**
     * A batch of the snapshot. ARGV: number of channel, member and user entries; then channel
     * entries (app, channel, count), member entries (app, channel, user, user_info, count), user
     * entries (app, user, count). Sets each count to the snapshot's, confirming the entry. Returns
     * the transitions; an error, writing nothing, when the node was claimed since {@link #REASSERT_BEGIN}.
     */
    static final String REASSERT_BATCH = MODEL + """
            if reassertionInterrupted() then return redis.error_reply(INTERRUPTED) end
            local out = {}
            local quiet = redis.call('EXISTS', nodeKey(SELF, 'restoring')) == 1
            local function confirm(kind, app, channel, user, info, n)
              local before, after = move(SELF, kind, app, channel, user, n, info)
              if not quiet then report(out, kind, app, channel, user, before, after) end
            end
            local i = 8
            for _ = 1, tonumber(ARGV[5]) do confirm('c', ARGV[i], ARGV[i + 1], '', nil, tonumber(ARGV[i + 2])); i = i + 3 end
            for _ = 1, tonumber(ARGV[6]) do confirm('p', ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])); i = i + 5 end
            for _ = 1, tonumber(ARGV[7]) do confirm('u', ARGV[i], '', ARGV[i + 1], nil, tonumber(ARGV[i + 2])); i = i + 3 end
            return out
            """;

    /**
     * The last step, repeated until done. ARGV: limit, then app, connections pairs. Removes up to
     * limit entries still stale (the snapshot lacks them) as a clean-up would; when none is left,
     * writes the connections and info: the part is whole again. Returns {done, transitions...}; an
     * error, writing nothing, when the node was claimed since {@link #REASSERT_BEGIN}.
     */
    static final String REASSERT_END = MODEL + """
            if reassertionInterrupted() then return redis.error_reply(INTERRUPTED) end
            local stale = nodeKey(SELF, 'stale')
            local out = {'0'}
            local quiet = redis.call('EXISTS', nodeKey(SELF, 'restoring')) == 1
            for _, name in ipairs(redis.call('HRANDFIELD', stale, math.max(1, tonumber(ARGV[5])))) do
              local kind, app, channel, user = parseEntry(name)
              local before, after = move(SELF, kind, app, channel, user, 0, nil)
              if not quiet then report(out, kind, app, channel, user, before, after) end
            end
            local now = nowMillis()
            redis.call('ZADD', NODES, now + LEASE, SELF)
            if redis.call('EXISTS', stale) == 1 then return out end
            local apps = nodeKey(SELF, 'apps')
            redis.call('DEL', apps)
            for j = 6, #ARGV, 2 do redis.call('HSET', apps, ARGV[j], ARGV[j + 1]) end
            redis.call('HSET', nodeKey(SELF, 'info'), 'reasserted', now, 'lease', LEASE)
            redis.call('DEL', nodeKey(SELF, 'restoring'))
            redis.call('HDEL', CLAIMS, SELF)
            out[1] = '1'
            return out
            """;
}
