package io.herald.usage;

import io.herald.usage.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one node's per-app usage out of its {@code /metrics} samples. The series it reads are the
 * node's own (see docs/metrics.md); series of other names are ignored, so a sender-only process
 * ({@code herald sender}) yields its webhook attempts and zeros elsewhere.
 */
public final class NodeUsage {

    static final String CONNECTION_SECONDS = "herald_connection_seconds_total";
    static final String PEAK_CONNECTIONS = "herald_connections_peak";
    static final String EVENTS_PUBLISHED = "herald_events_published_total";
    static final String CLIENT_EVENTS = "herald_client_events_total";
    static final String MESSAGES_SENT = "herald_messages_sent_total";
    static final String BYTES_RECEIVED = "herald_bytes_received_total";
    static final String API_BYTES_RECEIVED = "herald_api_bytes_received_total";
    static final String BYTES_SENT = "herald_bytes_sent_total";
    static final String WEBHOOK_ATTEMPTS = "herald_webhook_attempts_total";

    /** The outcome class of a delivered webhook; every other outcome is a failure. */
    private static final String DELIVERED_OUTCOME = "2xx";
    /** The events source of the HTTP API; other sources (a bus, a replay) are not new publishes. */
    private static final String API_SOURCE = "api";

    private NodeUsage() {}

    /** Usage by app id, in app id order; apps the node has no series for are absent. */
    public static Map<String, AppUsage> of(List<Sample> samples) {
        Map<String, Tally> tallies = new TreeMap<>();
        for (Sample sample : samples) {
            String app = sample.label("app");
            if (app != null && Double.isFinite(sample.value()) && isUsage(sample)) {
                tallies.computeIfAbsent(app, key -> new Tally()).add(sample);
            }
        }
        Map<String, AppUsage> usage = new TreeMap<>();
        tallies.forEach((app, tally) -> usage.put(app, tally.toUsage(app)));
        return usage;
    }

    private static boolean isUsage(Sample sample) {
        return switch (sample.name()) {
            case CONNECTION_SECONDS, PEAK_CONNECTIONS, CLIENT_EVENTS, MESSAGES_SENT, BYTES_RECEIVED,
                 API_BYTES_RECEIVED, BYTES_SENT, WEBHOOK_ATTEMPTS -> true;
            case EVENTS_PUBLISHED -> API_SOURCE.equals(sample.label("source"));
            default -> false;
        };
    }

    /** One app's sums while the samples are read. */
    private static final class Tally {

        private double connectionSeconds;
        private double peak;
        private double publishedApi;
        private double publishedClient;
        private double delivered;
        private double bytesIn;
        private double bytesOut;
        private double webhookAttempts;
        private double webhookFailures;

        void add(Sample sample) {
            double value = sample.value();
            switch (sample.name()) {
                case CONNECTION_SECONDS -> connectionSeconds += value;
                case PEAK_CONNECTIONS -> peak += value;
                case EVENTS_PUBLISHED -> publishedApi += value;
                case CLIENT_EVENTS -> publishedClient += value;
                case MESSAGES_SENT -> delivered += value;
                case BYTES_RECEIVED, API_BYTES_RECEIVED -> bytesIn += value;
                case BYTES_SENT -> bytesOut += value;
                case WEBHOOK_ATTEMPTS -> {
                    webhookAttempts += value;
                    if (!DELIVERED_OUTCOME.equals(sample.label("outcome"))) {
                        webhookFailures += value;
                    }
                }
                default -> throw new IllegalArgumentException("not a usage series: " + sample.name());
            }
        }

        AppUsage toUsage(String app) {
            return new AppUsage(app, connectionSeconds, Math.round(peak), Math.round(publishedApi),
                    Math.round(publishedClient), Math.round(delivered), Math.round(bytesIn), Math.round(bytesOut),
                    Math.round(webhookAttempts), Math.round(webhookFailures));
        }
    }
}
