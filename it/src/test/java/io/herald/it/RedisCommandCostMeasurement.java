package io.herald.it;

import static io.herald.it.ClusterChecks.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RawPusherClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each operation costs Redis: the round trips (commands a client sent: scripts, publishes,
 * subscribes, WAIT, stream reads) and every command Redis ran, scripts' inner calls included (INFO
 * commandstats, summed over every primary), for a connect, a subscribe to a new channel, a
 * presence join, a publish delivered to another node, and a heartbeat, with 2 nodes on one Redis
 * server and on a Redis Cluster (3 primaries). What the idle nodes send in as long (heartbeats,
 * senders polling the queue) is taken out of each step, command by command. Prints a table; fails
 * if an operation costs more round trips than its bound, so a change that adds some is seen.
 * A measurement, run by name (docs/clustering.md): the idle traffic taken out moves with the
 * machine's load, so the bounds hold on a quiet machine only, and the suite leaves it out.
 */
class RedisCommandCostMeasurement {

    private static final int REPEATS = 20;
    /**
     * Commands a client sends itself; the others counted by commandstats run inside the scripts
     * (Redis counts those too), and the queue's scripts go as EVAL.
     */
    private static final java.util.Set<String> ROUND_TRIPS = java.util.Set.of("eval", "evalsha", "spublish", "publish", "ssubscribe",
            "sunsubscribe", "subscribe", "unsubscribe", "wait", "xreadgroup", "xautoclaim", "xgroup|create", "xinfo|groups", "xrange");
    /** Commands Lettuce and the test send to look around, not Herald's work. */
    private static final List<String> NOT_WORK = List.of("info", "cluster", "command", "hello", "client", "ping", "readonly");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HeraldCluster.BusEngine.class, names = {"REDIS", "REDIS_CLUSTER"})
    void measuresTheCommandsOfEachOperation(HeraldCluster.BusEngine engine) throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("RedisCommandCostMeasurement", engine, 2)) {
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            List<Integer> ports = primaryPorts(cluster);
            Map<String, Double> costs = new java.util.LinkedHashMap<>();
            Map<String, String> detail = new java.util.LinkedHashMap<>();

            long idleStart = System.nanoTime();
            Map<String, Long> before = stats(ports);
            Thread.sleep(HeraldCluster.HEARTBEAT.toMillis() * 10);
            Map<String, Long> idle = delta(before, stats(ports));
            RedisCommandCostMeasurement.idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            RedisCommandCostMeasurement.idleRates = idle;
            double perSecond = 0;
            double heartbeats = 2 * RedisCommandCostMeasurement.idleSeconds * 1000 / HeraldCluster.HEARTBEAT.toMillis();
            costs.put("heartbeat (per node)", idle.entrySet().stream().filter(e -> ROUND_TRIPS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum() / heartbeats);
            detail.put("heartbeat (per node)", String.format("%6.1f commands in all: ", total(idle) / heartbeats) + describe(idle, heartbeats));

            List<RawPusherClient> clients = new ArrayList<>();
            try {
                Step connect = measure(ports, perSecond, () -> {
                    for (int i = 0; i < REPEATS; i++) {
                        RawPusherClient client = (i % 2 == 0 ? a : b).connect();
                        client.socketId();
                        clients.add(client);
                    }
                });
                record(costs, detail, "connect", connect);

                Step subscribe = measure(ports, perSecond, () -> {
                    for (RawPusherClient client : clients) {
                        String channel = unique("cost");
                        client.subscribe(channel);
                        client.awaitSubscribed(channel);
                    }
                });
                record(costs, detail, "subscribe (new channel)", subscribe);

                String room = unique("presence-cost");
                Step join = measure(ports, perSecond, () -> {
                    for (int i = 0; i < clients.size(); i++) {
                        clients.get(i).subscribePresence(room, "{\"user_id\":\"u" + i + "\"}");
                        clients.get(i).awaitSubscribed(room);
                    }
                });
                record(costs, detail, "presence join (new member)", join);

                String news = unique("news");
                RawPusherClient reader = clients.getFirst();
                reader.subscribe(news);
                reader.awaitSubscribed(news);
                Thread.sleep(200);
                Step publish = measure(ports, perSecond, () -> {
                    for (int i = 0; i < REPEATS; i++) {
                        b.api().trigger(news, "tick", Map.of("n", i));
                    }
                    await().atMost(Duration.ofSeconds(10)).until(() -> reader.framesMatching(f -> "tick".equals(f.event())).size() == REPEATS);
                });
                record(costs, detail, "publish to another node", publish);
            } finally {
                clients.forEach(RawPusherClient::close);
            }

            StringBuilder table = new StringBuilder("Redis commands per operation (" + engine.name().toLowerCase() + ", "
                    + ports.size() + " primaries, 2 nodes, heartbeat " + HeraldCluster.HEARTBEAT.toMillis() + " ms; webhooks of the demo app"
                    + (engine == HeraldCluster.BusEngine.REDIS ? " in each node's SQLite queue" : " in the Redis Streams queue") + "):\n");
            table.append(String.format("  %-28s %s   %s%n", "operation", "round trips", "commands Redis ran (scripts' inner ones included)"));
            costs.forEach((op, cost) -> table.append(String.format("  %-28s %6.1f        %s%n", op, cost, detail.get(op))));
            System.out.print(table);

            assertThat(costs.get("connect")).as("a connect sends nothing to Redis (what is seen is the renewals' noise)").isLessThan(1.0);
            assertThat(costs.get("subscribe (new channel)")).isBetween(0.5, 6.0);
            assertThat(costs.get("presence join (new member)")).isBetween(0.5, 8.0);
            assertThat(costs.get("publish to another node")).isBetween(0.5, 2.0);
        }
    }

    /** What a step sent, each command less what the idle nodes send in as long. */
    private record Step(Map<String, Double> commands) {}

    private static Map<String, Long> idleRates;
    private static double idleSeconds;

    private static Step measure(List<Integer> ports, double unused, Runnable work) {
        long start = System.nanoTime();
        Map<String, Long> before = stats(ports);
        work.run();
        Map<String, Long> after = stats(ports);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> net = new TreeMap<>();
        delta(before, after).forEach((command, calls) -> net.put(command,
                Math.max(0, calls - idleRates.getOrDefault(command, 0L) * seconds / idleSeconds)));
        return new Step(net);
    }

    private static void record(Map<String, Double> costs, Map<String, String> detail, String op, Step step) {
        double trips = step.commands().entrySet().stream().filter(e -> ROUND_TRIPS.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        double all = step.commands().values().stream().mapToDouble(Double::doubleValue).sum();
        costs.put(op, trips / REPEATS);
        detail.put(op, String.format("%6.1f commands in all: ", all / REPEATS) + step.commands().entrySet().stream()
                .filter(e -> e.getValue() / REPEATS >= 0.05)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / REPEATS)).collect(Collectors.joining(", ")));
    }

    private static String describe(Map<String, Long> commands, double per) {
        return commands.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / per)).collect(Collectors.joining(", "));
    }

    private static double total(Map<String, Long> commands) {
        return commands.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((command, calls) -> delta.put(command, calls - before.getOrDefault(command, 0L)));
        return delta;
    }

    private static List<Integer> primaryPorts(HeraldCluster cluster) {
        if (cluster.bus() == HeraldCluster.BusEngine.REDIS_CLUSTER) {
            return cluster.redisCluster().primaries().stream().map(node -> node.port()).toList();
        }
        return List.of(cluster.redis().port());
    }

    /** Calls per command, summed over the servers, without the commands that look around. */
    private static Map<String, Long> stats(List<Integer> ports) {
        Map<String, Long> calls = new TreeMap<>();
        for (int port : ports) {
            for (String line : cli(port, "INFO", "commandstats").lines().toList()) {
                if (!line.startsWith("cmdstat_")) {
                    continue;
                }
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String base = command.contains("|") ? command.substring(0, command.indexOf('|')) : command;
                if (NOT_WORK.contains(base)) {
                    continue;
                }
                long n = Long.parseLong(line.replaceFirst("^[^:]*:calls=(\\d+),.*$", "$1").strip());
                calls.merge(command, n, Long::sum);
            }
        }
        return calls;
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
