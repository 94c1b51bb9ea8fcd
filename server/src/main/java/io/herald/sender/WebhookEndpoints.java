package io.herald.sender;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import java.util.List;

/**
 * The webhook endpoints an app has configured, which carry the extra headers and the Standard
 * Webhooks secret of each URL (a job names only its URL).
 */
@FunctionalInterface
public interface WebhookEndpoints {

    List<WebhookEndpoint> of(AppConfig app);

    /** The endpoint of {@code app} with this URL, or null when the app no longer lists it. */
    default WebhookEndpoint find(AppConfig app, String url) {
        for (WebhookEndpoint endpoint : of(app)) {
            if (endpoint.url().equals(url)) {
                return endpoint;
            }
        }
        return null;
    }
}
