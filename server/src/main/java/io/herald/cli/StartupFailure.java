package io.herald.cli;

import io.herald.config.HeraldConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Turns an exception from starting the node into one line naming what failed, such as
 * "port 6001 (server.port) is in use on 0.0.0.0".
 */
final class StartupFailure {

    /** One of the node's listeners as configured; the node names it "gateway" or "metrics" when binding fails. */
    private record Listener(String name, String key, String flag, String host, int port) {}

    private StartupFailure() {}

    static String describe(Throwable failure, HeraldConfig config) {
        List<Listener> listeners = listeners(config);
        if (anyInChain(failure, t -> t instanceof BindException || messageOf(t).contains("address already in use"))) {
            List<String> busy = busyPorts(listeners);
            if (!busy.isEmpty()) {
                return String.join("; ", busy);
            }
        }
        Listener failed = failedListener(failure, listeners);
        if (anyInChain(failure, t -> t instanceof UnresolvedAddressException || t instanceof UnknownHostException)) {
            return "cannot resolve the host name " + failed.host() + " (" + failed.key().replace("port", "host") + ")";
        }
        if (anyInChain(failure, t -> messageOf(t).contains("cannot assign requested address"))) {
            return failed.host() + " (" + failed.key().replace("port", "host") + ") is not an address of this machine";
        }
        return messageChain(failure);
    }

    private static List<Listener> listeners(HeraldConfig config) {
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new Listener("gateway", "server.port", "--port", config.server().host(), config.server().port()));
        if (config.metrics().enabled()) {
            listeners.add(new Listener("metrics", "metrics.port", "--metrics-port", config.metrics().host(),
                    config.metrics().port()));
        }
        return listeners;
    }

    private static Listener failedListener(Throwable failure, List<Listener> listeners) {
        String message = messageOf(failure);
        return listeners.stream().filter(l -> message.startsWith(l.name())).findFirst().orElse(listeners.getFirst());
    }

    /** Which of the configured ports something else holds, found by trying to bind them. */
    private static List<String> busyPorts(List<Listener> listeners) {
        List<String> busy = new ArrayList<>();
        for (Listener listener : listeners) {
            if (listener.port() != 0 && !canBind(listener)) {
                busy.add("port " + listener.port() + " (" + listener.key() + ") is in use on " + listener.host()
                        + "; stop what holds it or choose another port with " + listener.flag());
            }
        }
        return busy;
    }

    private static boolean canBind(Listener listener) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(listener.host(), listener.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean anyInChain(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messageOf(Throwable t) {
        return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
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
