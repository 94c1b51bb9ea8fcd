package io.herald.it;

import io.herald.testkit.TestNode;

/** Config overrides for the apps a test node serves. */
final class Apps {

    private Apps() {}

    /**
     * The demo app ({@link TestNode#APP_ID}, {@link TestNode#APP_KEY}, {@link TestNode#APP_SECRET})
     * with extra settings in YAML flow form, e.g. {@code "client-events: false", "cache-ttl: 1"}.
     */
    static String demoApp(String... settings) {
        StringBuilder app = new StringBuilder("apps=[{id: ").append(TestNode.APP_ID)
                .append(", key: ").append(TestNode.APP_KEY)
                .append(", secret: ").append(TestNode.APP_SECRET);
        for (String setting : settings) {
            app.append(", ").append(setting);
        }
        return app.append("}]").toString();
    }
}
