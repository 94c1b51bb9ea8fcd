package io.herald.sender;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends webhook requests with OkHttp over HTTP/1.1: one timeout bounds the whole call
 * (connecting, sending, waiting and reading), redirects are never followed, and at most
 * {@link #MAX_ERROR_BODY_BYTES} of an error response are read. With the private-network guard on,
 * host names are resolved through {@link GuardedDns} (which pins the checked addresses for the
 * connection), IP literals are checked before the call, and connections go direct, never through
 * a system proxy, so the guard sees the real destination. Without the guard the JVM's proxy
 * settings ({@code http.proxyHost}, ...) apply, for deployments that send through an egress proxy.
 */
final class HttpDelivery implements AutoCloseable {

    static final int MAX_ERROR_BODY_BYTES = 1024;

    private final OkHttpClient client;
    private final long timeoutMillis;
    private final boolean blockPrivateNetworks;

    HttpDelivery(long timeoutMillis, boolean blockPrivateNetworks, int maxIdleConnections) {
        this.timeoutMillis = timeoutMillis;
        this.blockPrivateNetworks = blockPrivateNetworks;
        Duration timeout = Duration.ofMillis(timeoutMillis);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (blockPrivateNetworks) {
            // Through a proxy the proxy would resolve the name, and the guard would check nothing.
            builder.proxy(Proxy.NO_PROXY).dns(new GuardedDns(Dns.SYSTEM));
        }
        this.client = builder
                .protocols(List.of(Protocol.HTTP_1_1))
                .followRedirects(false)
                .followSslRedirects(false)
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .connectionPool(new ConnectionPool(Math.max(1, maxIdleConnections), 1, TimeUnit.MINUTES))
                .build();
    }

    /** Sends the request; {@code started} receives the call first, so it can be cancelled. */
    Outcome send(Request request, Consumer<Call> started) {
        if (blockPrivateNetworks && isPrivateLiteral(request.url().host())) {
            return Outcome.blocked();
        }
        Call call = client.newCall(request);
        started.accept(call);
        try (Response response = call.execute()) {
            if (response.isSuccessful()) {
                return Outcome.ofResponse(response.code(), null, null);
            }
            return Outcome.ofResponse(response.code(), errorBody(response), response.header("Location"));
        } catch (IOException e) {
            return Outcome.ofException(e, timeoutMillis);
        }
    }

    private static boolean isPrivateLiteral(String host) {
        InetAddress literal = PrivateAddresses.literal(host);
        return literal != null && PrivateAddresses.isPrivate(literal);
    }

    private static String errorBody(Response response) {
        try {
            return response.peekBody(MAX_ERROR_BODY_BYTES).string();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
    }
}
