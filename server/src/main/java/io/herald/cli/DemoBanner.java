package io.herald.cli;

import io.herald.app.AppConfig;
import java.io.PrintWriter;

/**
 * The warning printed when a node serves the demo app. Its secret is public (it is in the
 * defaults), which is why this is the one place a secret is ever printed.
 */
final class DemoBanner {

    private static final String RULE = "=".repeat(76);

    private DemoBanner() {}

    static void print(AppConfig demo, PrintWriter out) {
        out.println(RULE);
        out.println(" WARNING: serving the DEMO app, for development only. Its credentials are");
        out.println(" public: anyone who can reach this server can use them.");
        out.println();
        out.println("   app id:     " + demo.id());
        out.println("   app key:    " + demo.key());
        out.println("   app secret: " + demo.secret());
        out.println();
        out.println(" Configure your own apps (apps: in a --config file, or HERALD_APPS) before");
        out.println(" exposing this server; see 'herald config defaults'.");
        out.println(RULE);
        out.flush();
    }
}
