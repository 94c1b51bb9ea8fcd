package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /apps/{id}/events} (PROTOCOL.md EV-1 to EV-5): answers exactly {@code {}}, or with
 * {@code info} the requested counts of every channel published to.
 */
final class EventsEndpoint implements Endpoint {

    private final EventPublisher publisher;

    EventsEndpoint(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public JsonNode handle(ApiCall call) {
        PublishRequest event = PublishRequest.ofEvent(call.jsonBody(), call.app());
        publisher.publish(call.app(), event);
        ObjectNode response = ApiJson.object();
        if (!event.info().isEmpty()) {
            ObjectNode channels = response.putObject("channels");
            for (String channel : event.channels()) {
                channels.set(channel, publisher.attributes(call.app(), channel, event));
            }
        }
        return response;
    }
}
