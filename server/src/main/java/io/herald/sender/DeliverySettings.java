package io.herald.sender;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.config.WebhooksConfig;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks of the delivery settings taken together, for {@code herald config check} and for the log
 * of a starting sender. Each key on its own is checked by the configuration loader; these are the
 * combinations it cannot judge.
 *
 * <p>Problems are settings under which webhooks cannot be delivered at all: an endpoint the
 * private-network guard refuses, so that every job for it dies without a request. Warnings are
 * settings that work but give jobs fewer attempts than the rest of the configuration suggests: a
 * retry window too short for a retry, for the breaker's probes, or for one request.
 */
public final class DeliverySettings {

    private DeliverySettings() {}

    /** Settings under which some webhooks can never be delivered; each names its key. */
    public static List<String> problems(WebhooksConfig.Sender sender, List<AppConfig> apps) {
        List<String> problems = new ArrayList<>();
        if (!sender.blockPrivateNetworks()) {
            return problems;
        }
        for (int i = 0; i < apps.size(); i++) {
            List<WebhookEndpoint> endpoints = apps.get(i).webhooks();
            for (int j = 0; j < endpoints.size(); j++) {
                String host = hostOf(endpoints.get(j).url());
                if (host != null && isAlwaysPrivate(host)) {
                    problems.add("apps[" + i + "].webhooks[" + j + "].url: " + host + " is a loopback or private address, which"
                            + " webhooks.sender.block-private-networks refuses: every webhook to it would go to the dead letters"
                            + " without a request");
                }
            }
        }
        return problems;
    }

    /** Settings that work but cost jobs their attempts; each names its keys. */
    public static List<String> warnings(WebhooksConfig.Sender sender) {
        List<String> warnings = new ArrayList<>();
        int window = sender.retryWindow();
        int firstDelay = sender.retryDelays().isEmpty() ? 0 : sender.retryDelays().getFirst();
        if (window < firstDelay) {
            warnings.add("webhooks.sender.retry-window (" + window + " ms) is shorter than the first of"
                    + " webhooks.sender.retry-delays (" + firstDelay + " ms): a webhook whose first request fails is never retried");
        }
        if (window < sender.breakerProbeMaxDelay()) {
            warnings.add("webhooks.sender.retry-window (" + window + " ms) is shorter than webhooks.sender.breaker-probe-max-delay ("
                    + sender.breakerProbeMaxDelay() + " ms): a webhook created while its endpoint's breaker is open may see"
                    + " no probe in its window and get a single request, at the end of it");
        }
        if (window < sender.timeout()) {
            warnings.add("webhooks.sender.retry-window (" + window + " ms) is shorter than webhooks.sender.timeout ("
                    + sender.timeout() + " ms): a webhook whose first request times out is never retried");
        }
        return warnings;
    }

    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** An IP literal in a refused range, or a name that always means this machine; other names are judged when resolved. */
    private static boolean isAlwaysPrivate(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        InetAddress literal = PrivateAddresses.literal(host);
        return literal != null && PrivateAddresses.isPrivate(literal);
    }
}
