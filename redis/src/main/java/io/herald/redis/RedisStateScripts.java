package io.herald.redis;

/**
 * The Lua scripts of {@link RedisClusterState} (those of leases, claims, clean-up and
 * re-assertion are in {@link RedisLeaseScripts}). Every change is one script (a re-assertion a few,
 * each atomic per entry), so Redis runs it whole before any other command: a transition (first subscriber anywhere, last connection of a member)
 * is decided by exactly one caller however many nodes act at once. Keys are built inside the
 * scripts from the prefix, so the layout lives here alone (and in docs/clustering.md):
 *
 * <pre>
 * P = PREFIX:state:
 * P nodes                    zset   node id, scored by its lease's expiry (epoch ms, Redis TIME)
 * P claims                   hash   dead node id -> id of the node cleaning it up
 * P node:ID:info             hash   reasserted (ms), lease (ms): present while the node's part is whole
 * P node:ID:back             string present (expiring after a lease) once the node is back after its own lease ran out
 * P node:ID:apps             hash   app id -> the node's connections, as of its last renewal
 * P node:ID:entries          hash   entry -> the node's own count (see below)
 * P node:ID:stale            hash   the same, for entries a re-assertion in progress has not confirmed yet
 * P app:APP:subs             hash   occupied channel -> subscriptions across the cluster
 * P app:APP:channels         zset   occupied channels, score 0, for prefix ranges (ZRANGEBYLEX)
 * P app:APP:presence:CHANNEL hash   user id -> the user's connections in the channel across the cluster
 * P app:APP:info:CHANNEL     hash   user id -> user_info JSON of the member's first connection
 * P app:APP:version:CHANNEL  string the presence version of the channel's last member added or removed
 * P app:APP:users            hash   user id -> signed-in connections across the cluster
 * P app:APP:cache:CHANNEL    hash   event, data: a cache channel's last event, expiring (PEXPIRE)
 * </pre>
 *
 * An entry names what a node counts, with the length of each part before the last written out so
 * that any characters are safe: {@code c<len>:APP CHANNEL} (subscriptions),
 * {@code p<len>:APP <len>:CHANNEL USER} (a member's connections), {@code u<len>:APP USER}
 * (signed-in connections). Each cluster-wide total moves in the same script as the node's count,
 * by the same amount, so it always equals the sum over the nodes; a node's count never goes below
 * zero. App ids contain no colon (the configuration allows letters, digits, {@code -_.}).
 *
 * <p>Every script takes ARGV 1-4 = key base {@code PREFIX:state:}, this node's id, its lease in
 * ms, the store's epoch at this node's last re-assertion (empty before the first); the arguments
 * listed per script follow.
 *
 * <p>{@code P epoch} (hash: {@code id}, {@code recovering_until} ms) names the store's life: the
 * first re-assertion into a store without it writes it. A node that knew another epoch finds that
 * the store lost its data; it restores its part without reporting transitions (they were there
 * all along) and, if it is the first, opens a recovery of two leases during which reads and changes
 * of channels, members and users answer {@code RECOVERING <ms>}, as they do for a node that has not
 * restored yet. Scripts use HRANDFIELD (Redis 6.2) and call TIME
 * before writing, which needs effects replication (the default since Redis 5, the only mode since 7).
 */
final class RedisStateScripts {

    private RedisStateScripts() {}

    /** What every script starts with: its arguments, key names and helpers. */
    static final String COMMON = """
            local P, SELF, LEASE = ARGV[1], ARGV[2], tonumber(ARGV[3])
            local NODES, CLAIMS = P .. 'nodes', P .. 'claims'
            local function nowMillis()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function nodeKey(node, part) return P .. 'node:' .. node .. ':' .. part end
            local function appKey(app, part) return P .. 'app:' .. app .. ':' .. part end
            local function count(key, field) return tonumber(redis.call('HGET', key, field) or '0') end
            local KNOWN_EPOCH, EPOCH = ARGV[4], P .. 'epoch'
            -- An error reply while the store recovers from a loss of its data (see above), else nil.
            local function recovering()
              local e = redis.call('HMGET', EPOCH, 'id', 'recovering_until')
              if KNOWN_EPOCH ~= '' and e[1] ~= KNOWN_EPOCH then
                return redis.error_reply('RECOVERING ' .. LEASE)
              end
              local left = tonumber(e[2] or '0') - nowMillis()
              if left > 0 then return redis.error_reply('RECOVERING ' .. left) end
              return nil
            end
            -- Lua numbers print with 14 digits; versions (microseconds) need all of theirs.
            local function digits(n) return string.format('%.0f', n) end
            """;

    /** Entries, totals and the transitions between them. */
    static final String MODEL = COMMON + """
            local function lp(s) return #s .. ':' .. s end
            local function entryName(kind, app, channel, user)
              if kind == 'c' then return 'c' .. lp(app) .. channel end
              if kind == 'p' then return 'p' .. lp(app) .. lp(channel) .. user end
              return 'u' .. lp(app) .. user
            end
            local function part(s, pos)
              local colon = string.find(s, ':', pos, true)
              local len = tonumber(string.sub(s, pos, colon - 1))
              return string.sub(s, colon + 1, colon + len), colon + len + 1
            end
            local function parseEntry(name)
              local kind = string.sub(name, 1, 1)
              local app, pos = part(name, 2)
              if kind == 'c' then return kind, app, string.sub(name, pos), '' end
              if kind == 'p' then
                local channel, rest = part(name, pos)
                return kind, app, channel, string.sub(name, rest)
              end
              return kind, app, '', string.sub(name, pos)
            end
            -- A presence version (see ClusterState#joinPresence): the channel's last plus one, or the
            -- server's clock in microseconds when that is ahead, so that versions keep increasing
            -- after the key went with the channel's last member or with the server's data.
            local lastVersion = 0
            local function presenceVersion(app, channel)
              return tonumber(redis.call('GET', appKey(app, 'version:' .. channel)) or '0')
            end
            local function nextPresenceVersion(app, channel)
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
              lastVersion = math.max(presenceVersion(app, channel) + 1, now)
              local key = appKey(app, 'version:' .. channel)
              if redis.call('EXISTS', appKey(app, 'presence:' .. channel)) == 1 then
                redis.call('SET', key, digits(lastVersion))
              else
                redis.call('DEL', key)
              end
            end
            local function totalOf(kind, app, channel, user)
              if kind == 'c' then return appKey(app, 'subs'), channel end
              if kind == 'p' then return appKey(app, 'presence:' .. channel), user end
              return appKey(app, 'users'), user
            end
            -- The node's count of an entry: in entries, or in stale while a re-assertion has not
            -- confirmed it yet (an entry is never in both).
            local function mineOf(node, name)
              return count(nodeKey(node, 'entries'), name) + count(nodeKey(node, 'stale'), name)
            end
            -- Sets the node's count of an entry to target (confirming it, if it was stale) and moves
            -- the cluster total by as much.
            local function move(node, kind, app, channel, user, target, info)
              local entries, stale = nodeKey(node, 'entries'), nodeKey(node, 'stale')
              local name = entryName(kind, app, channel, user)
              local wasStale = count(stale, name)
              local mine = count(entries, name) + wasStale
              if wasStale > 0 then redis.call('HDEL', stale, name) end
              local key, field = totalOf(kind, app, channel, user)
              local before = count(key, field)
              if target == mine then
                if wasStale > 0 and target > 0 then redis.call('HSET', entries, name, target) end
                return before, before
              end
              if target > 0 then redis.call('HSET', entries, name, target) else redis.call('HDEL', entries, name) end
              local after = math.max(0, before + target - mine)
              if after > 0 then redis.call('HSET', key, field, after) else redis.call('HDEL', key, field) end
              if before == 0 and after > 0 then
                if kind == 'c' then redis.call('ZADD', appKey(app, 'channels'), 0, channel) end
                if kind == 'p' then
                  redis.call('HSET', appKey(app, 'info:' .. channel), user, info or 'null')
                  nextPresenceVersion(app, channel)
                end
              elseif before > 0 and after == 0 then
                if kind == 'c' then redis.call('ZREM', appKey(app, 'channels'), channel) end
                if kind == 'p' then
                  redis.call('HDEL', appKey(app, 'info:' .. channel), user)
                  nextPresenceVersion(app, channel)
                end
              end
              return before, after
            end
            -- This node's own change: a node the store does not know gets a lease, so that what it
            -- writes is cleaned up if it dies before reasserting; a count never goes below zero.
            local function add(kind, app, channel, user, delta, info)
              if redis.call('ZSCORE', NODES, SELF) == false then
                redis.call('ZADD', NODES, nowMillis() + LEASE, SELF)
              end
              local mine = mineOf(SELF, entryName(kind, app, channel, user))
              if mine + delta < 0 then
                local total = count(totalOf(kind, app, channel, user))
                return total, total
              end
              return move(SELF, kind, app, channel, user, mine + delta, info)
            end
            -- A re-assertion step runs only while the node still holds its lease unclaimed: if it
            -- stalled past its lease and another node claimed it (or already cleaned it up and
            -- removed the lease), confirming entries would leave them under no lease, and ending
            -- would declare whole a part the cleaner emptied. The node starts over instead.
            local function reassertionInterrupted()
              return redis.call('ZSCORE', NODES, SELF) == false or redis.call('HEXISTS', CLAIMS, SELF) == 1
            end
            local INTERRUPTED = 'REASSERT_INTERRUPTED this node was claimed by another node during its re-assertion'
            -- Appends the transition of an entry whose total went from before to after, as six
            -- strings: type, app, channel, user, count or user_info, presence version (or 0). Called
            -- right after the move that made it, whose presence version is lastVersion.
            local function report(out, kind, app, channel, user, before, after)
              if before == after then return end
              local t
              if kind == 'c' then
                if before == 0 then t = {'occupied', after, 0}
                elseif after == 0 then t = {'vacated', 0, 0}
                else t = {'count', after, 0} end
              elseif kind == 'p' then
                if before == 0 then t = {'member_added', redis.call('HGET', appKey(app, 'info:' .. channel), user), lastVersion}
                elseif after == 0 then t = {'member_removed', '', lastVersion} end
              else
                if before == 0 then t = {'online', '', 0} elseif after == 0 then t = {'offline', '', 0} end
              end
              if t then
                for _, v in ipairs({t[1], app, channel, user, tostring(t[2]), digits(t[3])}) do out[#out + 1] = v end
              end
            end
            """;

    /** ARGV: app, channel, +1 or -1. Returns {subscriptions after, 1 when the channel became occupied or vacant}. */
    static final String CHANGE_SUBSCRIPTIONS = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local before, after = add('c', ARGV[5], ARGV[6], '', tonumber(ARGV[7]), nil)
            return {tostring(after), ((before == 0) ~= (after == 0)) and '1' or '0'}
            """;

    /** ARGV: app, channel, user, user_info, max members. Returns {outcome, presence version, user, info, user, info, ...}. */
    static final String JOIN_PRESENCE = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local app, channel, user = ARGV[5], ARGV[6], ARGV[7]
            local presence = appKey(app, 'presence:' .. channel)
            local outcome
            if redis.call('HEXISTS', presence, user) == 0 and redis.call('HLEN', presence) >= tonumber(ARGV[9]) then
              outcome = 'FULL'
            else
              local before = add('p', app, channel, user, 1, ARGV[8])
              outcome = before == 0 and 'NEW_MEMBER' or 'ANOTHER_CONNECTION'
            end
            local out = redis.call('HGETALL', appKey(app, 'info:' .. channel))
            table.insert(out, 1, digits(presenceVersion(app, channel)))
            table.insert(out, 1, outcome)
            return out
            """;

    /**
     * ARGV: app, channel, user. Returns the presence version of the member's removal when that was
     * the user's last connection in the channel anywhere, else 0.
     */
    static final String LEAVE_PRESENCE = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local before, after = add('p', ARGV[5], ARGV[6], ARGV[7], -1, nil)
            return (before > 0 and after == 0) and lastVersion or 0
            """;

    /**
     * ARGV: app, channel, user. A departure of this node's the store did not record: leaves as
     * {@link #LEAVE_PRESENCE} when the node holds the member; otherwise, when the user is not in
     * the channel, gives the channel a new presence version. Returns that version, or 0 while the
     * user is still there.
     */
    static final String CONFIRM_DEPARTURE = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local app, channel, user = ARGV[5], ARGV[6], ARGV[7]
            if mineOf(SELF, entryName('p', app, channel, user)) > 0 then
              local before, after = add('p', app, channel, user, -1, nil)
              return (before > 0 and after == 0) and lastVersion or 0
            end
            if redis.call('HEXISTS', appKey(app, 'presence:' .. channel), user) == 1 then return 0 end
            nextPresenceVersion(app, channel)
            return lastVersion
            """;

    /**
     * ARGV: app, channel. A subscription of this node's that ended while the store could not record
     * it: taken out as by {@link #CHANGE_SUBSCRIPTIONS} when the node holds it. Returns
     * {subscriptions after, 1 when the channel is now empty everywhere}.
     */
    static final String CONFIRM_UNSUBSCRIBED = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local app, channel = ARGV[5], ARGV[6]
            if mineOf(SELF, entryName('c', app, channel, '')) > 0 then
              local before, after = add('c', app, channel, '', -1, nil)
              return {tostring(after), ((before == 0) ~= (after == 0)) and '1' or '0'}
            end
            local n = count(appKey(app, 'subs'), channel)
            return {tostring(n), n == 0 and '1' or '0'}
            """;

    /** ARGV: app, user, +1 or -1. Returns 1 when the user came online or went offline. */
    static final String CHANGE_SIGNED_IN = MODEL + """
            local refused = recovering()
            if refused then return refused end
            local before, after = add('u', ARGV[5], '', ARGV[6], tonumber(ARGV[7]), nil)
            return ((before == 0) ~= (after == 0)) and 1 or 0
            """;

    /** ARGV: app, channel. Returns {subscriptions, presence users}. */
    static final String CHANNEL_COUNTS = COMMON + """
            local refused = recovering()
            if refused then return refused end
            return {tostring(count(appKey(ARGV[5], 'subs'), ARGV[6])), tostring(redis.call('HLEN', appKey(ARGV[5], 'presence:' .. ARGV[6])))}
            """;

    /**
     * ARGV: app, prefix, the last channel of the previous page (empty for the first), page size.
     * Returns {channel, subscriptions, presence users, ...} in byte order; a prefix is taken as
     * plain bytes ({@code [}, {@code \}, {@code -} included).
     */
    static final String OCCUPIED_CHANNELS = COMMON + """
            local refused = recovering()
            if refused then return refused end
            local app, prefix, after = ARGV[5], ARGV[6], ARGV[7]
            local min = after ~= '' and '(' .. after or (prefix == '' and '-' or '[' .. prefix)
            local max = prefix == '' and '+' or '[' .. prefix .. '\\255'
            local out = {}
            for _, name in ipairs(redis.call('ZRANGEBYLEX', appKey(app, 'channels'), min, max, 'LIMIT', 0, tonumber(ARGV[8]))) do
              out[#out + 1] = name
              out[#out + 1] = tostring(count(appKey(app, 'subs'), name))
              out[#out + 1] = tostring(redis.call('HLEN', appKey(app, 'presence:' .. name)))
            end
            return out
            """;

    /** ARGV: app, channel. Returns {user, user_info, ...}. */
    static final String PRESENCE_MEMBERS = COMMON + """
            local refused = recovering()
            if refused then return refused end
            return redis.call('HGETALL', appKey(ARGV[5], 'info:' .. ARGV[6]))
            """;

    /** ARGV: app, user ids. Returns those signed in anywhere. */
    static final String ONLINE_USERS = COMMON + """
            local refused = recovering()
            if refused then return refused end
            local users = appKey(ARGV[5], 'users')
            local out = {}
            for i = 6, #ARGV do
              if count(users, ARGV[i]) > 0 then out[#out + 1] = ARGV[i] end
            end
            return out
            """;

    /** Returns {app, connections, ...} summed over the nodes whose lease is live. */
    static final String CONNECTIONS_BY_APP = COMMON + """
            local sums, order = {}, {}
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', NODES, nowMillis(), '+inf')) do
              local counts = redis.call('HGETALL', nodeKey(node, 'apps'))
              for i = 1, #counts, 2 do
                local app = counts[i]
                if sums[app] == nil then sums[app] = 0; order[#order + 1] = app end
                sums[app] = sums[app] + tonumber(counts[i + 1])
              end
            end
            local out = {}
            for _, app in ipairs(order) do out[#out + 1] = app; out[#out + 1] = tostring(sums[app]) end
            return out
            """;

    /** The nodes whose lease is live. */
    static final String LIVE_NODES = COMMON + """
            return redis.call('ZCOUNT', NODES, nowMillis(), '+inf')
            """;

    /** The ids of the nodes whose lease is live. */
    static final String LIVE_NODE_IDS = COMMON + """
            return redis.call('ZRANGEBYSCORE', NODES, nowMillis(), '+inf')
            """;

    /** ARGV: app, channel, event, data, time to live in ms. */
    static final String PUT_CACHED_EVENT = COMMON + """
            local key = appKey(ARGV[5], 'cache:' .. ARGV[6])
            redis.call('DEL', key)
            redis.call('HSET', key, 'event', ARGV[7], 'data', ARGV[8])
            redis.call('PEXPIRE', key, ARGV[9])
            return 1
            """;

    /** ARGV: app, channel. Returns {event, data, remaining ms}, or {} when there is none. */
    static final String CACHED_EVENT = COMMON + """
            local key = appKey(ARGV[5], 'cache:' .. ARGV[6])
            local v = redis.call('HMGET', key, 'event', 'data')
            local ttl = redis.call('PTTL', key)
            if v[1] == false or v[2] == false or ttl <= 0 then return {} end
            return {v[1], v[2], tostring(ttl)}
            """;
}
