package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.transport.HttpRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fuzzes the HTTP API from the bytes on the socket to the endpoints: request parsing, routing,
 * query decoding, the signature check and the endpoints' reading of bodies. Whatever arrives, the
 * node answers in HTTP's and the API's own terms (a 4xx with a JSON error), never a 500, and the
 * pipeline never fails.
 */
class HttpApiFuzzTest {

    private static final int MAX_REQUEST_SIZE = 64 * 1024;
    /** One app registry and hub for the whole run: building them per input would be most of the time spent. */
    private static final ApiFixture API = new ApiFixture();

    /** The input is the raw bytes a client sends, possibly several pipelined requests. */
    @FuzzTest
    void answersAnyBytes(byte[] wire) {
        forgetEarlierInputs();
        // No WebSocket upgrades here (the gateway's frames have their own target): a request for
        // one fails in the router, which closes the connection.
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_SIZE),
                new HttpRouter("", null, API.handler::handle, () -> true));
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        channel.checkException();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) out;
            try {
                String head = bytes.toString(StandardCharsets.ISO_8859_1);
                assertThat(head).doesNotStartWith("HTTP/1.1 500").doesNotStartWith("HTTP/1.0 500");
            } finally {
                bytes.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    /**
     * The input is UTF-8 lines: method, path, body, then {@code name=value} parameters. The request
     * is signed as the SDKs sign it, so it gets past authentication into the endpoints.
     */
    @FuzzTest
    void answersAnySignedRequest(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        HttpMethod method = HttpMethod.valueOf(lines[0].isEmpty() || !lines[0].chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')
                ? "POST" : lines[0].toUpperCase(Locale.ROOT));
        String path = lines.length > 1 && lines[1].startsWith("/") && lines[1].chars().allMatch(c -> c > ' ' && c < 127 && c != '?')
                ? lines[1] : "/apps/app-id/events";
        String body = lines.length > 2 && !lines[2].isEmpty() ? lines[2] : null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 3; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            String name = (eq < 0 ? lines[i] : lines[i].substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.startsWith("auth_") && !name.equals("body_md5") && wellFormed(lines[i])) {
                params.put(name, eq < 0 ? "" : lines[i].substring(eq + 1));
            }
        }
        forgetEarlierInputs();
        FullHttpRequest request = API.signedRequest(method, path, params, body);
        ApiFixture.Reply reply = API.send(request);
        assertThat(reply.status()).as(reply.body()).isNotEqualTo(500);
        assertThat(reply.body()).startsWith("{");
        API.channel.checkException();
    }

    private static void forgetEarlierInputs() {
        API.hub.published.clear();
        API.hub.terminatedUsers.clear();
    }

    private static boolean wellFormed(String s) {
        return s.codePoints().noneMatch(cp -> cp <= 0xFFFF && Character.isSurrogate((char) cp));
    }
}
