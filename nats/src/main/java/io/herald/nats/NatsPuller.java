package io.herald.nats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pulls from durable consumers and acks on the wire, through JetStream's own subjects: a no-wait
 * pull request answers at once with what is ready, and an ack is a request the server confirms, so
 * every call is bounded by the timeout and a missing consumer shows up as "no responders".
 */
final class NatsPuller {

    private static final String NEXT = "$JS.API.CONSUMER.MSG.NEXT.";
    private static final int NO_RESPONDERS = 503;
    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TERM = "+TERM".getBytes(StandardCharsets.US_ASCII);

    private final Connection nats;
    private final String stream;
    private final Duration timeout;

    NatsPuller(Connection nats, String stream, Duration timeout) {
        this.nats = nats;
        this.stream = stream;
        this.timeout = timeout;
    }

    /** Up to {@code batch} messages ready for {@code consumer}, without waiting for more. */
    List<Message> pull(String consumer, int batch) throws InterruptedException, TimeoutException {
        requireConnected();
        List<Message> pulled = new ArrayList<>();
        Subscription inbox = nats.subscribe(nats.createInbox());
        try {
            String request = "{\"batch\":" + batch + ",\"no_wait\":true}";
            nats.publish(NEXT + stream + "." + consumer, inbox.getSubject(), request.getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (pulled.size() < batch) {
                Message m = inbox.nextMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (m == null) {
                    if (pulled.isEmpty()) {
                        throw new TimeoutException("no answer to a pull from " + consumer);
                    }
                    break;
                }
                if (m.isStatusMessage()) {
                    if (m.getStatus().getCode() == NO_RESPONDERS) {
                        throw new NoConsumerException(consumer);
                    }
                    break; // 404 no messages, 408 request done
                }
                pulled.add(m);
            }
        } finally {
            inbox.unsubscribe();
        }
        return pulled;
    }

    /** Acks the delivery whose ack subject is {@code lease}, waiting for the server to confirm. */
    void ack(String lease) throws InterruptedException, TimeoutException, ExecutionException {
        confirm(lease, ACK);
    }

    /** Removes a message that can never be processed. */
    void terminate(String lease) throws InterruptedException, TimeoutException, ExecutionException {
        confirm(lease, TERM);
    }

    /** Hands the message back, to be delivered again only after {@code delay}. */
    void nakWithDelay(Message m, Duration delay) {
        nats.publish(m.getReplyTo(), ("-NAK {\"delay\":" + delay.toNanos() + "}").getBytes(StandardCharsets.US_ASCII));
    }

    private void confirm(String ackSubject, byte[] body) throws InterruptedException, TimeoutException, ExecutionException {
        requireConnected();
        try {
            nats.requestWithTimeout(ackSubject, body, timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (CancellationException | ExecutionException e) {
            // No one answers for a consumer the server no longer has; its deliveries went with it.
            if (!NatsTopology.isMissing(e) && !(e instanceof CancellationException)) {
                throw e;
            }
        }
    }

    private void requireConnected() throws TimeoutException {
        if (nats.getStatus() != Connection.Status.CONNECTED) {
            throw new TimeoutException("not connected to NATS (" + nats.getStatus() + ")");
        }
    }

    /**
     * The stream sequence of the delivery behind an ack subject:
     * {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>},
     * or with a domain and account hash after {@code $JS.ACK} in newer servers.
     */
    static long streamSequence(String ackSubject) {
        String[] tokens = ackSubject.split("\\.");
        int seqIndex = tokens.length == 9 ? 5 : 7;
        if (tokens.length < 9 || !"$JS".equals(tokens[0]) || !"ACK".equals(tokens[1])) {
            throw new IllegalArgumentException("not a JetStream ack subject: " + ackSubject);
        }
        return Long.parseLong(tokens[seqIndex]);
    }

    /** The server has no consumer by that name (it was deleted, or the server lost its store). */
    static final class NoConsumerException extends RuntimeException {
        NoConsumerException(String consumer) {
            super("no consumer " + consumer);
        }
    }
}
