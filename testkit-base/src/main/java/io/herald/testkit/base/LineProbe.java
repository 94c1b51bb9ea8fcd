package io.herald.testkit.base;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Speaks just enough of a line-based protocol (RESP, NATS) to see a server answer. */
final class LineProbe {

    private static final int TIMEOUT_MILLIS = 1000;

    private LineProbe() {}

    /** Connects, sends {@code request} and says whether a line starting with {@code expected} comes back. */
    static boolean answers(int port, String request, String expected) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(expected)) {
                    return true;
                }
                if (line.startsWith("-")) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
