package io.herald.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.admin.AdminTokens;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.channel.ChannelHub;
import io.herald.config.HeraldConfig;
import io.herald.debug.DebugTap;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's calls that are not the admin API's: the overview of this node, one app's live
 * channels, usage over the last hour and debug stream, and the event creator. Apps are read from the registry and channels
 * from the hub, as the HTTP API reads them; a test event is published by the HTTP API's own
 * publisher, with its checks and limits.
 */
public final class ConsoleCalls {

    /** Publishes an event given as a {@code POST /events} body; throws, or completes exceptionally, when the HTTP API would refuse it. */
    @FunctionalInterface
    public interface Publisher {
        CompletionStage<Void> publish(AppConfig app, ObjectNode body, Executor loop);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCalls.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHANNELS_LISTED = 500;

    private final AppRegistry apps;
    private final ChannelHub hub;
    private final DebugTap tap;
    private final Publisher publisher;
    private final Function<RuntimeException, HttpResponseStatus> refusalStatus;
    private final Function<String, List<ObjectNode>> nodes;
    private final HeraldConfig.ConsoleConfig config;

    /**
     * @param publisher publishes an event given as a {@code POST /events} body, as the HTTP API does
     * @param nodes the overview of every node of the cluster by id, this one's marked {@code "this_node": true}
     *     (see {@link NodeOverview}), with the usage of the app given (none when null)
     * @param refusalStatus the HTTP status of an exception the publisher throws, null for one that
     *     is not a refusal
     */
    public ConsoleCalls(AppRegistry apps, ChannelHub hub, DebugTap tap, Publisher publisher,
            Function<RuntimeException, HttpResponseStatus> refusalStatus, Function<String, List<ObjectNode>> nodes,
            HeraldConfig.ConsoleConfig config) {
        this.apps = apps;
        this.hub = hub;
        this.tap = tap;
        this.publisher = publisher;
        this.refusalStatus = refusalStatus;
        this.nodes = nodes;
        this.config = config;
    }

    /** Answers {@code path} (after {@code /console/api}) and returns true, or false for the admin API's paths. */
    boolean answer(ChannelHandlerContext ctx, FullHttpRequest request, String path, AdminTokens.Caller caller) {
        HttpMethod method = request.method();
        if (path.equals("/overview") && method.equals(HttpMethod.GET)) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("nodes").addAll(nodes.apply(null));
            ConsoleRouter.send(ctx, request, HttpResponseStatus.OK, body);
            return true;
        }
        String[] parts = path.split("/", -1);
        if (parts.length != 4 || !parts[1].equals("apps")) {
            return false;
        }
        String appId = parts[2];
        String action = parts[3];
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), method, request.uri(), request.headers().copy());
        switch (action) {
            case "debug" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return false;
                }
                withApp(ctx, head, appId, app -> DebugStream.open(ctx, tap, app.id(), config.debugEventsPerSecond(),
                        config.debugBuffer()));
            }
            case "channels" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return false;
                }
                withApp(ctx, head, appId, app -> channels(app).whenComplete((body, error) -> ctx.executor().execute(() ->
                        ConsoleRouter.send(ctx, head, error == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                                error == null ? body : ConsoleRouter.error("The cluster state did not answer: " + error.getMessage())))));
            }
            case "usage" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return false;
                }
                withApp(ctx, head, appId, app -> ConsoleRouter.send(ctx, head, HttpResponseStatus.OK,
                        UsageSums.sum(nodes.apply(app.id()), app.id())));
            }
            case "events" -> {
                if (!method.equals(HttpMethod.POST)) {
                    return false;
                }
                if (!caller.mayChange()) {
                    ConsoleRouter.send(ctx, head, HttpResponseStatus.FORBIDDEN,
                            ConsoleRouter.error("Token '" + caller.name() + "' may only read"));
                    return true;
                }
                String body = request.content().toString(StandardCharsets.UTF_8);
                withApp(ctx, head, appId, app -> publish(ctx, head, app, body, caller));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void withApp(ChannelHandlerContext ctx, HttpRequest head, String appId, Consumer<AppConfig> then) {
        apps.byId(appId).whenComplete((app, error) -> ctx.executor().execute(() -> {
            if (error != null || app.isEmpty()) {
                ConsoleRouter.send(ctx, head, HttpResponseStatus.NOT_FOUND, ConsoleRouter.error("Unknown app id '" + appId + "'"));
            } else {
                then.accept(app.get());
            }
        }));
    }

    private void publish(ChannelHandlerContext ctx, HttpRequest head, AppConfig app, String text, AdminTokens.Caller caller) {
        ObjectNode given;
        try {
            given = JSON.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            given = null;
        }
        if (given == null) {
            ConsoleRouter.send(ctx, head, HttpResponseStatus.BAD_REQUEST,
                    ConsoleRouter.error("The body must be {\"channel\": ..., \"event\": ..., \"data\": ...}"));
            return;
        }
        ObjectNode event = JSON.createObjectNode();
        event.set("channel", given.get("channel"));
        event.set("name", given.get("event"));
        JsonNode data = given.get("data");
        event.put("data", data == null || data.isNull() ? "{}" : data.isTextual() ? data.asText() : data.toString());
        CompletionStage<Void> published;
        try {
            published = publisher.publish(app, event, ctx.executor());
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        published.whenComplete((done, failure) -> ctx.executor().execute(() -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                LOG.info("Console: {} published a test event to app {}", caller.name(), app.id());
                ConsoleRouter.send(ctx, head, HttpResponseStatus.OK, JSON.createObjectNode().put("published", true));
                return;
            }
            HttpResponseStatus status = cause instanceof RuntimeException e ? refusalStatus.apply(e) : null;
            if (status == null) {
                LOG.error("Console: a test event to app {} failed", app.id(), cause);
                status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            }
            ConsoleRouter.send(ctx, head, status, ConsoleRouter.error(cause.getMessage()));
        }));
    }

    /** The app's occupied channels with their counts, and the members of presence channels. */
    private CompletionStage<ObjectNode> channels(AppConfig app) {
        return hub.occupiedChannels(app, "").thenCompose(occupied -> {
            List<Map.Entry<String, ChannelHub.ChannelStats>> listed = occupied.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).limit(MAX_CHANNELS_LISTED).toList();
            List<CompletableFuture<ObjectNode>> described = new ArrayList<>();
            for (Map.Entry<String, ChannelHub.ChannelStats> entry : listed) {
                ObjectNode channel = JSON.createObjectNode().put("name", entry.getKey())
                        .put("subscription_count", entry.getValue().subscriptionCount());
                if (ChannelName.kind(entry.getKey()) == ChannelKind.PRESENCE) {
                    channel.put("user_count", entry.getValue().userCount());
                    described.add(hub.presenceUserIds(app, entry.getKey()).thenApply(users -> {
                        ArrayNode ids = channel.putArray("users");
                        users.stream().sorted().limit(100).forEach(ids::add);
                        return channel;
                    }).toCompletableFuture());
                } else {
                    described.add(CompletableFuture.completedFuture(channel));
                }
            }
            return CompletableFuture.allOf(described.toArray(CompletableFuture[]::new)).thenApply(done -> {
                ObjectNode body = JSON.createObjectNode().put("total", occupied.size());
                ArrayNode channels = body.putArray("channels");
                described.forEach(future -> channels.add(future.join()));
                return body;
            });
        });
    }
}
