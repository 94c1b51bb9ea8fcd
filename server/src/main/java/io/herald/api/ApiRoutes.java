package io.herald.api;

import io.herald.auth.PercentDecoding;
import io.herald.channel.ChannelHub;
import io.herald.debug.DebugTap;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP API's paths below {@code /apps/{app_id}}: which endpoint a path names, its method,
 * its metric name, and the channel or user id it carries (percent-decoded).
 */
final class ApiRoutes {

    /** An operation of the API; {@code name} labels its metrics. */
    record Route(String name, HttpMethod method, Endpoint endpoint) {}

    /** What a request path names; {@code route} is null when it names nothing. */
    record Target(String appId, Route route, String pathParameter) {
        String routeName() {
            return route == null ? "not_found" : route.name();
        }
    }

    private final Route events;
    private final Route batchEvents;
    private final Route channels;
    private final Route channel;
    private final Route channelUsers;
    private final Route terminateConnections;

    private final EventPublisher publisher;

    ApiRoutes(ChannelHub hub, AppRateLimits limits, DebugTap debug) {
        EventPublisher publisher = new EventPublisher(hub, limits, debug);
        this.publisher = publisher;
        events = new Route("events", HttpMethod.POST, new EventsEndpoint(publisher));
        batchEvents = new Route("batch_events", HttpMethod.POST, new BatchEventsEndpoint(publisher));
        channels = new Route("channels", HttpMethod.GET, new ChannelsEndpoint(hub));
        channel = new Route("channel", HttpMethod.GET, new ChannelEndpoint(hub));
        channelUsers = new Route("users", HttpMethod.GET, new ChannelUsersEndpoint(hub));
        terminateConnections = new Route("terminate_connections", HttpMethod.POST, new TerminateConnectionsEndpoint(hub));
    }

    EventPublisher publisher() {
        return publisher;
    }

    /** @param appPath the raw path after {@code {prefix}/apps/}, e.g. {@code 3/channels/presence-a} */
    Target resolve(String appPath) {
        String[] raw = appPath.split("/", -1);
        List<String> segments = new ArrayList<>(raw.length);
        for (String segment : raw) {
            segments.add(PercentDecoding.decodePath(segment));
        }
        String appId = segments.getFirst();
        List<String> rest = segments.subList(1, segments.size());
        return switch (rest.size()) {
            case 1 -> new Target(appId, single(rest.getFirst()), null);
            case 2 -> rest.get(0).equals("channels") ? new Target(appId, channel, rest.get(1)) : new Target(appId, null, null);
            case 3 -> triple(appId, rest);
            default -> new Target(appId, null, null);
        };
    }

    private Route single(String name) {
        return switch (name) {
            case "events" -> events;
            case "batch_events" -> batchEvents;
            case "channels" -> channels;
            default -> null;
        };
    }

    private Target triple(String appId, List<String> rest) {
        if (rest.get(0).equals("channels") && rest.get(2).equals("users")) {
            return new Target(appId, channelUsers, rest.get(1));
        }
        if (rest.get(0).equals("users") && rest.get(2).equals("terminate_connections")) {
            return new Target(appId, terminateConnections, rest.get(1));
        }
        return new Target(appId, null, null);
    }
}
