package io.herald.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppAdmin;
import io.herald.app.AppConfig;
import io.herald.app.AppConflictException;
import io.herald.app.AppRegistry;
import io.herald.app.AppStoreException;
import io.herald.app.Secrets;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.HeraldConfig;
import io.herald.config.WebhooksConfig;
import io.herald.transport.HttpResponses;
import io.herald.transport.MetricsRouter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, served on the metrics port only (docs/apps.md#admin-api):
 * {@code GET /admin/apps}, {@code POST /admin/apps} (create), {@code GET /admin/apps/{id}},
 * {@code PATCH /admin/apps/{id}} (change some settings), {@code POST /admin/apps/{id}/enable},
 * {@code .../disable}, {@code .../rotate-secret?grace=SECONDS}, {@code DELETE /admin/apps/{id}} and,
 * for admin tokens only, {@code GET /admin/apps/{id}/secret}.
 * Every call carries a bearer token of the configuration; a read token may only read. Every change
 * is logged with the token's name, never with a secret, and announced to the cluster so that each
 * node reads the app again at once.
 */
public final class AdminApi implements MetricsRouter.AdminHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final String APPS = "/admin/apps";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppRegistry apps;
    private final AdminTokens tokens;
    private final ToLongFunction<String> connections;
    private final Consumer<String> changed;
    private final Executor blocking;
    private final Clock clock;
    private final WebhooksConfig.EndpointDefaults endpointDefaults;

    /**
     * @param connections an app's open connections across the cluster
     * @param changed told of an app changed through this API: the node reads it again and tells the others
     * @param blocking where changes to the store run, off the event loop
     */
    public AdminApi(HeraldConfig.AdminConfig config, WebhooksConfig.EndpointDefaults endpointDefaults, AppRegistry apps,
            ToLongFunction<String> connections, Consumer<String> changed, Executor blocking, Clock clock) {
        this.endpointDefaults = endpointDefaults;
        this.apps = apps;
        this.tokens = new AdminTokens(config);
        this.connections = connections;
        this.changed = changed;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** The tokens this API accepts, which the console's login accepts too. */
    public AdminTokens tokens() {
        return tokens;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!path.equals(APPS) && !path.startsWith(APPS + "/")) {
            return false;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Optional<AdminTokens.Caller> caller = tokens.caller(authorization);
        if (caller.isEmpty()) {
            FullHttpResponse refused = json(HttpResponseStatus.UNAUTHORIZED, error(authorization == null
                    ? "An admin token is needed: Authorization: Bearer TOKEN" : "Unknown admin token"));
            refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            HttpResponses.send(ctx, request, refused);
            return true;
        }
        answer(ctx, request, path, caller.get());
        return true;
    }

    /**
     * Answers a call of {@code path} (under {@code /admin/apps}) for a caller known already: by its
     * bearer token here, by its session in the console.
     */
    public void answer(ChannelHandlerContext ctx, FullHttpRequest request, String path, AdminTokens.Caller caller) {
        // The request is released once this returns; an answer written later needs only its head.
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        String[] parts = path.length() == APPS.length() ? new String[0] : path.substring(APPS.length() + 1).split("/", -1);
        HttpMethod method = request.method();
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String body = request.content().toString(StandardCharsets.UTF_8);
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer = route(caller, method, parts, query, body);
        } catch (AdminException e) {
            answer = CompletableFuture.completedFuture(json(e.status, error(e.getMessage())));
        } catch (AppPatch.BadPatchException e) {
            answer = CompletableFuture.completedFuture(json(HttpResponseStatus.BAD_REQUEST, error(e.getMessage())));
        }
        answer.exceptionally(failure -> {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof AdminException e) {
                return json(e.status, error(e.getMessage()));
            }
            if (cause instanceof ConfigException e) {
                return json(HttpResponseStatus.BAD_REQUEST, error(String.join("; ", e.problems())));
            }
            if (cause instanceof AppConflictException e) {
                return json(HttpResponseStatus.CONFLICT, error(e.getMessage()));
            }
            if (cause instanceof AppStoreException e) {
                LOG.error("Admin API: the app store failed: {}", e.getMessage());
                return json(HttpResponseStatus.SERVICE_UNAVAILABLE, error("The app store failed: " + e.getMessage()));
            }
            LOG.error("Admin API failed", cause);
            return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, error("Internal server error"));
        }).thenAccept(response -> ctx.executor().execute(() -> HttpResponses.send(ctx, head, response)));
    }

    private CompletableFuture<FullHttpResponse> route(AdminTokens.Caller caller, HttpMethod method, String[] parts,
            QueryStringDecoder query, String body) {
        if (parts.length == 0 && method.equals(HttpMethod.POST)) {
            AppAdmin admin = changer(caller);
            AppConfig app = newApp(body);
            return change(caller, "created", app.id(), () -> {
                if (!admin.create(app)) {
                    throw new AdminException(HttpResponseStatus.CONFLICT,
                            "An app with id '" + app.id() + "' or key '" + app.key() + "' exists already");
                }
                return json(HttpResponseStatus.CREATED, describe(app).put("secret", app.secret()));
            });
        }
        if (parts.length == 0) {
            requireMethod(method, HttpMethod.GET);
            return CompletableFuture.completedFuture(list());
        }
        String id = parts[0];
        if (parts.length == 1 && method.equals(HttpMethod.GET)) {
            return apps.byId(id).thenApply(app -> json(HttpResponseStatus.OK, describe(found(app, id))));
        }
        if (parts.length == 1 && method.equals(HttpMethod.PATCH)) {
            AppAdmin admin = changer(caller);
            ObjectNode changes = AppPatch.changes(body);
            return apps.byId(id).thenCompose(current -> {
                current.ifPresent(app -> keepEndpointCredentials(app, changes.get("webhooks")));
                return change(caller, "changed " + String.join(", ", changes.properties().stream().map(Map.Entry::getKey).toList()) + " of", id,
                        () -> json(HttpResponseStatus.OK, describe(found(admin.update(id, changes), id))));
            });
        }
        if (parts.length == 1 && method.equals(HttpMethod.DELETE)) {
            AppAdmin admin = changer(caller);
            return change(caller, "deleted", id, () -> {
                if (!admin.delete(id)) {
                    throw notFound(id);
                }
                return json(HttpResponseStatus.OK, JSON.createObjectNode().put("deleted", id));
            });
        }
        if (parts.length == 2 && parts[1].equals("secret")) {
            requireMethod(method, HttpMethod.GET);
            if (!caller.mayChange()) {
                throw new AdminException(HttpResponseStatus.FORBIDDEN, "Token '" + caller.name() + "' may not see secrets");
            }
            return apps.byId(id).thenApply(found -> {
                AppConfig app = found(found, id);
                ObjectNode secret = JSON.createObjectNode().put("id", app.id()).put("secret", app.secret());
                if (app.acceptsPreviousSecret(clock.millis())) {
                    secret.put("previous_secret_expires_at", app.previousSecretExpiresAt());
                }
                LOG.info("Admin API: {} read the secret of app {}", caller.name(), id);
                return json(HttpResponseStatus.OK, secret);
            });
        }
        if (parts.length == 2) {
            requireMethod(method, HttpMethod.POST);
            AppAdmin admin = changer(caller);
            return switch (parts[1]) {
                case "enable" -> change(caller, "enabled", id,
                        () -> json(HttpResponseStatus.OK, describe(found(admin.setEnabled(id, true), id))));
                case "disable" -> change(caller, "disabled", id,
                        () -> json(HttpResponseStatus.OK, describe(found(admin.setEnabled(id, false), id))));
                case "rotate-secret" -> {
                    long grace = graceSeconds(query);
                    Instant until = clock.instant().plusSeconds(grace);
                    yield change(caller, "rotated the secret (previous one valid until " + until + ") of", id, () -> {
                        AppConfig app = found(admin.rotateSecret(id, until), id);
                        return json(HttpResponseStatus.OK, describe(app).put("secret", app.secret())
                                .put("previous_secret_expires_at", until.toString()));
                    });
                }
                default -> throw new AdminException(HttpResponseStatus.NOT_FOUND,
                        "No such action '" + parts[1] + "': enable, disable or rotate-secret");
            };
        }
        throw new AdminException(HttpResponseStatus.NOT_FOUND, "Not found: admin paths look like " + APPS + "/{id}");
    }

    /** Runs a change off the loop, logs who made it and tells the cluster. */
    private CompletableFuture<FullHttpResponse> change(AdminTokens.Caller caller, String what, String id,
            Supplier<FullHttpResponse> change) {
        return CompletableFuture.supplyAsync(() -> {
            FullHttpResponse response = change.get();
            LOG.info("Admin API: {} {} app {}", caller.name(), what, id);
            changed.accept(id);
            return response;
        }, blocking);
    }

    private AppAdmin changer(AdminTokens.Caller caller) {
        if (!caller.mayChange()) {
            throw new AdminException(HttpResponseStatus.FORBIDDEN, "Token '" + caller.name() + "' may only read");
        }
        return apps.admin().orElseThrow(() -> new AdminException(HttpResponseStatus.CONFLICT,
                "The apps come from the configuration (app-store.driver: static): change them there"));
    }

    private FullHttpResponse list() {
        List<ObjectNode> described = apps.known().stream().sorted(Comparator.comparing(AppConfig::id))
                .map(this::describe).toList();
        ObjectNode body = JSON.createObjectNode();
        body.putArray("apps").addAll(described);
        return json(HttpResponseStatus.OK, body);
    }

    /** An app without its secrets. */
    private ObjectNode describe(AppConfig app) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", app.id())
                .put("key", app.key())
                .put("enabled", app.enabled())
                .put("connections", connections.applyAsLong(app.id()))
                .put("max_connections", app.maxConnections())
                .put("client_events", app.clientEvents())
                .put("client_events_per_second", app.clientEventsPerSecond())
                .put("max_backend_events_per_second", app.maxBackendEventsPerSecond())
                .put("max_read_requests_per_second", app.maxReadRequestsPerSecond())
                .put("user_authentication", app.userAuthentication())
                .put("webhooks", app.webhooks().size());
        // Headers are left out: they may hold the credentials of the endpoint.
        node.putArray("webhook_endpoints").addAll(app.webhooks().stream().map(endpoint -> {
            ObjectNode described = JSON.createObjectNode().put("url", endpoint.url())
                    .put("channel_prefix", endpoint.channelPrefix()).put("channel_suffix", endpoint.channelSuffix());
            described.putArray("event_types").addAll(endpoint.eventTypes().stream().map(JSON.getNodeFactory()::textNode).toList());
            return described;
        }).toList());
        node.putArray("allowed_origins").addAll(app.allowedOrigins().stream().map(JSON.getNodeFactory()::textNode).toList());
        if (app.acceptsPreviousSecret(clock.millis())) {
            node.put("previous_secret_expires_at", app.previousSecretExpiresAt());
        }
        return node;
    }

    /**
     * An edited endpoint with the URL of one the app has keeps that one's headers and Standard
     * Webhooks secret unless the edit gives them: the API never shows them (they may hold
     * credentials), so an edit cannot be expected to repeat them.
     */
    private static void keepEndpointCredentials(AppConfig app, JsonNode endpoints) {
        if (endpoints == null || !endpoints.isArray()) {
            return;
        }
        for (JsonNode given : endpoints) {
            if (!(given instanceof ObjectNode endpoint)) {
                continue;
            }
            app.webhooks().stream().filter(held -> held.url().equals(endpoint.path("url").asText())).findFirst()
                    .ifPresent(held -> {
                        if (!endpoint.has("headers")) {
                            endpoint.set("headers", JSON.valueToTree(held.headers()));
                        }
                        if (!endpoint.has("standard-webhooks-secret")) {
                            endpoint.put("standard-webhooks-secret", held.standardWebhooksSecret());
                        }
                    });
        }
    }

    /** The app a create call describes: the keys of an app of the configuration; a secret is made when none is given. */
    private AppConfig newApp(String body) {
        ObjectNode fields;
        try {
            fields = JSON.readTree(body) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            fields = null;
        }
        if (fields == null) {
            throw new AdminException(HttpResponseStatus.BAD_REQUEST,
                    "The body must be a JSON object of app keys, such as {\"id\": \"shop\", \"key\": \"shop-key\"}");
        }
        if (!fields.hasNonNull("secret")) {
            fields.put("secret", Secrets.random());
        }
        try {
            return new ConfigLoader().app(fields, endpointDefaults);
        } catch (ConfigException e) {
            throw new AdminException(HttpResponseStatus.BAD_REQUEST, String.join("; ", e.problems()));
        }
    }

    private static AppConfig found(Optional<AppConfig> app, String id) {
        return app.orElseThrow(() -> notFound(id));
    }

    private static AdminException notFound(String id) {
        return new AdminException(HttpResponseStatus.NOT_FOUND, "Unknown app id '" + id + "'");
    }

    private static long graceSeconds(QueryStringDecoder query) {
        List<String> grace = query.parameters().get("grace");
        try {
            long seconds = Long.parseLong(grace == null || grace.isEmpty() ? "" : grace.get(0));
            if (seconds >= 0 && seconds <= 366L * 24 * 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new AdminException(HttpResponseStatus.BAD_REQUEST,
                "rotate-secret needs ?grace=SECONDS, how long the previous secret stays valid (0 to 31622400)");
    }

    private static void requireMethod(HttpMethod method, HttpMethod expected) {
        if (!method.equals(expected)) {
            throw new AdminException(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method " + method + " not allowed here");
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.toString().getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.JSON);
        return response;
    }

    /** A refusal in the admin API's terms. */
    private static final class AdminException extends RuntimeException {

        private final HttpResponseStatus status;

        AdminException(HttpResponseStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
