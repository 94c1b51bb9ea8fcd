package io.herald.testkit.base;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local webhook endpoint for tests: an HTTP server on 127.0.0.1 and a free port that records
 * every request (method, path, headers, raw body, arrival time) and answers each path as told:
 * 200 by default, or a {@link Behaviour} set with {@link #on}. Close it with try-with-resources;
 * closing releases requests held by {@link Behaviour#hang()}.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new ArrayList<>();
    private final Map<String, int[]> concurrency = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the webhook receiver", e);
        }
    }

    /** http://127.0.0.1:PORT followed by {@code path} (which starts with a slash). */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, answers requests to {@code path} this way. */
    public WebhookReceiver on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
        return this;
    }

    /** Every request so far, in arrival order. */
    public synchronized List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    /** The requests so far to {@code path}, in arrival order. */
    public List<Recorded> requests(String path) {
        return requests().stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Waits until {@code count} requests to {@code path} have arrived; fails after {@code timeout}. */
    public List<Recorded> awaitRequests(String path, int count, Duration timeout) {
        return await(request -> request.path().equals(path), count, timeout, count + " requests to " + path);
    }

    /** Waits until {@code count} requests match; fails after {@code timeout}, saying what did arrive. */
    public synchronized List<Recorded> await(Predicate<Recorded> matching, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Recorded> matches = recorded.stream().filter(matching).toList();
            if (matches.size() >= count) {
                return matches;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Waited " + timeout.toMillis() + " ms for " + what + "; received " + summary());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private String summary() {
        return recorded.isEmpty() ? "nothing" : recorded.stream().map(r -> r.method() + " " + r.path()).toList().toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers(exchange), body, System.currentTimeMillis(), System.nanoTime());
            int index = record(request);
            entered(request.path(), 1);
            try {
                behaviours.getOrDefault(request.path(), Behaviour.status(200)).answer(exchange, index, closing);
            } finally {
                entered(request.path(), -1);
            }
        } catch (IOException e) {
            // The client gave up (timed out or was cancelled): nothing left to answer.
        }
    }

    private synchronized int record(Recorded request) {
        recorded.add(request);
        notifyAll();
        return (int) recorded.stream().filter(r -> r.path().equals(request.path())).count();
    }

    /** Tracks requests being answered per path: {current, highest}. */
    private void entered(String path, int delta) {
        int[] counts = concurrency.computeIfAbsent(path, p -> new int[2]);
        synchronized (counts) {
            counts[0] += delta;
            counts[1] = Math.max(counts[1], counts[0]);
        }
    }

    /** The most requests to {@code path} that were being answered at the same time. */
    public int maxConcurrent(String path) {
        int[] counts = concurrency.get(path);
        if (counts == null) {
            return 0;
        }
        synchronized (counts) {
            return counts[1];
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return headers;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * One request as it arrived: header names compare case-insensitively (the JDK server
     * normalises their casing), the body is the raw bytes.
     */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
            long arrivedAtMillis, long arrivedAtNanos) {

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How a path answers; {@code index} counts the requests to that path, from 1. */
    @FunctionalInterface
    public interface Behaviour {

        void answer(HttpExchange exchange, int index, CountDownLatch closing) throws IOException;

        /** Always this status, with a short text body. */
        static Behaviour status(int status) {
            return (exchange, index, closing) -> respond(exchange, status, null);
        }

        /** {@code status} for the first {@code failures} requests, then 200. */
        static Behaviour failTimes(int failures, int status) {
            return (exchange, index, closing) -> respond(exchange, index <= failures ? status : 200, null);
        }

        /** Answers {@code status} after {@code delay} (or when the receiver closes). */
        static Behaviour delay(Duration delay, int status) {
            return (exchange, index, closing) -> {
                awaitQuietly(closing, delay);
                respond(exchange, status, null);
            };
        }

        /** Never answers while the receiver is open: the client must time out. */
        static Behaviour hang() {
            return (exchange, index, closing) -> awaitQuietly(closing, Duration.ofDays(1));
        }

        /** A redirect to {@code location} with this 3xx status. */
        static Behaviour redirect(int status, String location) {
            return (exchange, index, closing) -> respond(exchange, status, location);
        }

        private static void awaitQuietly(CountDownLatch closing, Duration delay) {
            try {
                closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void respond(HttpExchange exchange, int status, String location) throws IOException {
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
            }
            byte[] text = ("status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, text.length);
            exchange.getResponseBody().write(text);
        }
    }
}
