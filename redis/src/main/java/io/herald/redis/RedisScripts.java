package io.herald.redis;

/**
 * The Lua scripts of {@link RedisWebhookQueue}: every change that touches more than one key runs as
 * one script, so a sender that dies half-way leaves no job both queued and delayed, or lost between
 * the two.
 *
 * <p>Stream entries and delayed-job hashes carry the fields {@code id app url body created attempts}
 * (and {@code error}); dead entries add {@code dead_at}. A lease is checked with XPENDING: only the
 * consumer that holds an entry may retry or dead-letter it, so a sender whose lease ran out cannot
 * move a job another sender now holds.
 */
final class RedisScripts {

    private RedisScripts() {}

    private static final String HOLDS = """
            local function holds(stream, group, entry, consumer)
              local p = redis.call('XPENDING', stream, group, entry, entry, 1)
              return #p == 1 and p[1][2] == consumer
            end
            """;

    /**
     * KEYS: first, delayed set, cancel index. ARGV: now, delayed job hash key prefix, then id app
     * url body created due cancel-key (empty for none) for each job. A job due later waits in the
     * delayed set like a retry (and is promoted to the retry stream when due); its cancel key is
     * indexed so {@link #CANCEL} finds it.
     */
    static final String ENQUEUE = """
            local now = tonumber(ARGV[1])
            for i = 3, #ARGV, 7 do
              local due = tonumber(ARGV[i + 5])
              if due > now then
                local key = ARGV[2] .. ARGV[i]
                redis.call('HSET', key, 'id', ARGV[i], 'app', ARGV[i + 1], 'url', ARGV[i + 2],
                  'body', ARGV[i + 3], 'created', ARGV[i + 4], 'attempts', '0')
                if ARGV[i + 6] ~= '' then
                  redis.call('HSET', key, 'cancel', ARGV[i + 6])
                  redis.call('HSET', KEYS[3], ARGV[i + 6], ARGV[i])
                end
                redis.call('ZADD', KEYS[2], due, ARGV[i])
              else
                redis.call('XADD', KEYS[1], '*', 'id', ARGV[i], 'app', ARGV[i + 1], 'url', ARGV[i + 2],
                  'body', ARGV[i + 3], 'created', ARGV[i + 4], 'attempts', '0')
              end
            end
            return (#ARGV - 2) / 7
            """;

    /**
     * KEYS: delayed set, cancel index. ARGV: now, delayed job hash key prefix, then cancel keys.
     * Removes each key's job if it still waits, not due, under that key; returns the keys that did.
     */
    static final String CANCEL = """
            local now = tonumber(ARGV[1])
            local cancelled = {}
            for i = 3, #ARGV do
              local id = redis.call('HGET', KEYS[2], ARGV[i])
              if id then
                redis.call('HDEL', KEYS[2], ARGV[i])
                local key = ARGV[2] .. id
                local due = redis.call('ZSCORE', KEYS[1], id)
                if due and tonumber(due) > now and redis.call('HGET', key, 'cancel') == ARGV[i] then
                  redis.call('ZREM', KEYS[1], id)
                  redis.call('DEL', key)
                  cancelled[#cancelled + 1] = ARGV[i]
                end
              end
            end
            return cancelled
            """;

    /**
     * KEYS: delayed set, retry stream, cancel index. ARGV: now, limit, job hash key prefix. Moves
     * due retries (and due debounced jobs, which no longer can be cancelled) to the retry stream.
     */
    static final String PROMOTE = """
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, id in ipairs(ids) do
              local key = ARGV[3] .. id
              local cancel = redis.call('HGET', key, 'cancel')
              if cancel and redis.call('HGET', KEYS[3], cancel) == id then redis.call('HDEL', KEYS[3], cancel) end
              local fields = redis.call('HGETALL', key)
              if #fields > 0 then
                redis.call('XADD', KEYS[2], '*', unpack(fields))
              end
              redis.call('DEL', key)
              redis.call('ZREM', KEYS[1], id)
            end
            return #ids
            """;

    /** KEYS: lane stream. ARGV: group, entry id. Delivered: gone, whoever holds it now. */
    static final String COMPLETE = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])
            """;

    /** KEYS: lane stream, delayed set, job hash. ARGV: group, consumer, entry id, due, job id, then field/value pairs. */
    static final String RETRY = HOLDS + """
            if not holds(KEYS[1], ARGV[1], ARGV[3], ARGV[2]) then return 0 end
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            redis.call('DEL', KEYS[3])
            redis.call('HSET', KEYS[3], unpack(ARGV, 6))
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
            return 1
            """;

    /** KEYS: lane stream, dead stream, dead index. ARGV: group, consumer, entry id, job id, then field/value pairs. */
    static final String DEAD = HOLDS + """
            if not holds(KEYS[1], ARGV[1], ARGV[3], ARGV[2]) then return 0 end
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            local dead = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 5))
            redis.call('HSET', KEYS[3], ARGV[4], dead)
            return 1
            """;

    /**
     * KEYS: dead index, dead stream, first stream, retry stream. ARGV: delayed job hash key prefix,
     * then job ids. Returns {id, 'queued' or 'dead', attempts, error or ''} for each id found: dead
     * letters and delayed jobs by key, the rest by reading through both lane streams (one script,
     * so a job moving between them cannot be missed).
     */
    static final String LOCATE = """
            local found, wanted, left = {}, {}, 0
            local function fieldsOf(list)
              local f = {}
              for i = 1, #list, 2 do f[list[i]] = list[i + 1] end
              return f
            end
            local function add(id, state, f)
              found[#found + 1] = {id, state, f['attempts'] or '0', f['error'] or ''}
            end
            for i = 2, #ARGV do
              local id = ARGV[i]
              local dead = redis.call('HGET', KEYS[1], id)
              local entries = dead and redis.call('XRANGE', KEYS[2], dead, dead) or {}
              if #entries > 0 then
                add(id, 'dead', fieldsOf(entries[1][2]))
              else
                local delayed = redis.call('HGETALL', ARGV[1] .. id)
                if #delayed > 0 then
                  add(id, 'queued', fieldsOf(delayed))
                elseif not wanted[id] then
                  wanted[id] = true
                  left = left + 1
                end
              end
            end
            for s = 3, 4 do
              local from = '-'
              while left > 0 do
                local page = redis.call('XRANGE', KEYS[s], from, '+', 'COUNT', 500)
                if #page == 0 then break end
                for _, entry in ipairs(page) do
                  local f = fieldsOf(entry[2])
                  if f['id'] and wanted[f['id']] then
                    wanted[f['id']] = nil
                    left = left - 1
                    add(f['id'], 'queued', f)
                  end
                end
                from = '(' .. page[#page][1]
              end
            end
            return found
            """;

    /**
     * KEYS: dead stream, dead index, first stream. ARGV: dead entry id, now. Re-enqueues it as a
     * fresh job: no attempts, created now, so it gets a new retry window.
     */
    static final String REPLAY = """
            local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #entries == 0 then return 0 end
            local fields = entries[1][2]
            local job = {}
            local id
            for i = 1, #fields, 2 do
              local name, value = fields[i], fields[i + 1]
              if name == 'id' then id = value end
              if name == 'attempts' then value = '0' end
              if name == 'created' then value = ARGV[2] end
              if name ~= 'error' and name ~= 'dead_at' then
                job[#job + 1] = name
                job[#job + 1] = value
              end
            end
            redis.call('XADD', KEYS[3], '*', unpack(job))
            redis.call('XDEL', KEYS[1], ARGV[1])
            if id and redis.call('HGET', KEYS[2], id) == ARGV[1] then redis.call('HDEL', KEYS[2], id) end
            return 1
            """;

    /**
     * KEYS: first, retry, delayed set, dead stream. ARGV: group, now. Returns ready, delayed, in
     * flight, dead, oldest ready age. Stream ages use the server's clock (entry ids), delayed ones the senders'.
     */
    static final String STATS = """
            local t = redis.call('TIME')
            local serverNow = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local now = tonumber(ARGV[2])
            local ready, inFlight, oldest = 0, 0, nil
            local function older(age)
              if oldest == nil or age > oldest then oldest = age end
            end
            for i = 1, 2 do
              local len = redis.call('XLEN', KEYS[i])
              if len > 0 then
                local pending, last = 0, '0-0'
                local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[i])
                if ok then
                  for _, g in ipairs(groups) do
                    local info = {}
                    for j = 1, #g, 2 do info[g[j]] = g[j + 1] end
                    if info['name'] == ARGV[1] then
                      pending, last = info['pending'], info['last-delivered-id']
                    end
                  end
                end
                ready = ready + len - pending
                inFlight = inFlight + pending
                local upcoming = redis.call('XRANGE', KEYS[i], '(' .. last, '+', 'COUNT', 1)
                if #upcoming > 0 then
                  older(serverNow - tonumber(string.match(upcoming[1][1], '^(%d+)')))
                end
              end
            end
            local due = redis.call('ZCOUNT', KEYS[3], '-inf', now)
            ready = ready + due
            if due > 0 then
              local first = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
              older(now - tonumber(first[2]))
            end
            local delayed = redis.call('ZCARD', KEYS[3]) - due
            return {ready, delayed, inFlight, redis.call('XLEN', KEYS[4]), math.max(0, oldest or 0)}
            """;

    /**
     * KEYS: the lane streams. ARGV: group, this consumer, idle millis. Forgets this consumer and any
     * other idle that long, but only those holding nothing: a consumer's pending entries die with it.
     */
    static final String FORGET_CONSUMERS = """
            local forgotten = 0
            for _, stream in ipairs(KEYS) do
              local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', stream, ARGV[1])
              if ok then
                for _, c in ipairs(consumers) do
                  local info = {}
                  for j = 1, #c, 2 do info[c[j]] = c[j + 1] end
                  if info['pending'] == 0 and (info['name'] == ARGV[2] or info['idle'] >= tonumber(ARGV[3])) then
                    redis.call('XGROUP', 'DELCONSUMER', stream, ARGV[1], info['name'])
                    forgotten = forgotten + 1
                  end
                end
              end
            end
            return forgotten
            """;
}
