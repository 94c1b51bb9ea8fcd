package io.herald.usage;

/**
 * What one app used: on one node since it started, over a period, or summed over nodes. Every
 * field but {@code peakConnections} is a counter; see docs/metrics.md for what each counts.
 *
 * @param connectionSeconds open connections integrated over time
 * @param peakConnections   most connections open at once since the node started (summed over
 *                          nodes: an upper bound of the cluster's peak)
 * @param publishedApi      events published through the HTTP API, one per channel
 * @param publishedClient   client events relayed
 * @param delivered         messages written to subscribers
 * @param bytesIn           bytes of client WebSocket messages and signed HTTP API request bodies
 * @param bytesOut          bytes of the messages delivered, WebSocket framing included
 * @param webhookAttempts   webhook delivery attempts, whatever their outcome
 * @param webhookFailures   webhook attempts that got no 2xx answer
 */
public record AppUsage(String app, double connectionSeconds, long peakConnections, long publishedApi,
                       long publishedClient, long delivered, long bytesIn, long bytesOut, long webhookAttempts,
                       long webhookFailures) {

    public static AppUsage none(String app) {
        return new AppUsage(app, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Events published by the API and by clients. */
    public long published() {
        return publishedApi + publishedClient;
    }

    /**
     * The usage between {@code earlier} and this reading of the same node. A counter that went
     * down means the node restarted in between; as Prometheus does, its whole value then counts.
     * The peak is the one at this reading.
     */
    public AppUsage since(AppUsage earlier) {
        return new AppUsage(app, counterDelta(connectionSeconds, earlier.connectionSeconds), peakConnections,
                counterDelta(publishedApi, earlier.publishedApi), counterDelta(publishedClient, earlier.publishedClient),
                counterDelta(delivered, earlier.delivered), counterDelta(bytesIn, earlier.bytesIn),
                counterDelta(bytesOut, earlier.bytesOut), counterDelta(webhookAttempts, earlier.webhookAttempts),
                counterDelta(webhookFailures, earlier.webhookFailures));
    }

    /** This app's usage on two nodes together. */
    public AppUsage plus(AppUsage other) {
        return new AppUsage(app, connectionSeconds + other.connectionSeconds, peakConnections + other.peakConnections,
                publishedApi + other.publishedApi, publishedClient + other.publishedClient, delivered + other.delivered,
                bytesIn + other.bytesIn, bytesOut + other.bytesOut, webhookAttempts + other.webhookAttempts,
                webhookFailures + other.webhookFailures);
    }

    private static long counterDelta(long later, long earlier) {
        return later >= earlier ? later - earlier : later;
    }

    private static double counterDelta(double later, double earlier) {
        return later >= earlier ? later - earlier : later;
    }
}
