package io.herald.transport;

import java.nio.charset.StandardCharsets;

/**
 * Whole HTTP/1.1 responses as bytes, for answers written below the HTTP codec: when a request is
 * only half read (408) or before any is (429 at accept). Each closes the connection.
 */
final class RawResponses {

    private RawResponses() {}

    static byte[] json(int status, String reasonPhrase, String body, String... extraHeaders) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(content, 0, response, headBytes.length, content.length);
        return response;
    }
}
