package io.herald.cli;

import io.herald.config.HeraldConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an exception from starting the node into one line naming what failed, such as
 * "port 6001 (server.port) is in use on 0.0.0.0".
 */
final class StartupFailure {

    private StartupFailure() {}

    static String describe(Throwable failure, HeraldConfig config) {
        if (isPortInUse(failure)) {
            List<String> busy = busyPorts(config);
            if (!busy.isEmpty()) {
                return String.join("; ", busy);
            }
        }
        return messageChain(failure);
    }

    private static boolean isPortInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof BindException || message.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Which of the configured ports something else holds, found by trying to bind them. */
    private static List<String> busyPorts(HeraldConfig config) {
        List<String> busy = new ArrayList<>();
        checkPort("server.port", "--port", config.server().host(), config.server().port(), busy);
        if (config.metrics().enabled()) {
            checkPort("metrics.port", "--metrics-port", config.metrics().host(), config.metrics().port(), busy);
        }
        return busy;
    }

    private static void checkPort(String key, String flag, String host, int port, List<String> busy) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            busy.add("port " + port + " (" + key + ") is in use on " + host
                    + "; stop what holds it or choose another port with " + flag);
        }
    }

    /** The messages of the failure and its causes, outermost first, each said once. */
    private static String messageChain(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (chain.indexOf(message) < 0) {
                chain.append(chain.isEmpty() ? "" : ": ").append(message);
            }
        }
        return chain.toString();
    }
}
