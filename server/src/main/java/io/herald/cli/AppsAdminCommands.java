package io.herald.cli;

import io.herald.json.JsonText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald apps list|show|create|update|enable|disable|delete|rotate-secret}: calls of a running node's
 * admin API (docs/apps.md#admin-api), printing its JSON answer. The token comes from
 * {@code HERALD_ADMIN_TOKEN} or {@code --token-file}, never from the command line, where other
 * users of the machine could read it. Exit codes: 0 done, 1 refused or unreachable, 2 usage.
 */
final class AppsAdminCommands {

    private AppsAdminCommands() {}

    /** What every call shares: where the node's metrics port is and the token. */
    abstract static class AdminCall implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9601",
                description = "The node's metrics port, where the admin API is (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "A file holding the admin token; otherwise HERALD_ADMIN_TOKEN.")
        Path tokenFile;

        private final String method;

        AdminCall(Map<String, String> environment, String method) {
            this.environment = environment;
            this.method = method;
        }

        final String method() {
            return method;
        }

        abstract String path();

        /** The JSON body of the call, or null. */
        String body() {
            return null;
        }

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String token;
            try {
                token = tokenFile != null ? Files.readString(tokenFile).strip() : environment.getOrDefault("HERALD_ADMIN_TOKEN", "");
            } catch (IOException e) {
                err.println("herald: cannot read the token file " + tokenFile + ": " + e.getMessage());
                return 2;
            }
            if (token.isEmpty()) {
                err.println("herald: no admin token: set HERALD_ADMIN_TOKEN or give --token-file");
                return 2;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method(), body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body()))
                    .build();
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    spec.commandLine().getOut().println(response.body());
                    return 0;
                }
                err.println("herald: the admin API answered " + response.statusCode() + ": " + response.body());
                return 1;
            } catch (IOException e) {
                err.println("herald: cannot reach the admin API at " + url + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        static String id(String id) {
            return URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", description = "List the apps, each with its open connections across the cluster.")
    static final class ListApps extends AdminCall {
        ListApps(Map<String, String> environment) {
            super(environment, "GET");
        }

        @Override
        String path() {
            return "/admin/apps";
        }
    }

    @Command(name = "create", description = "Create an app; its secret is made and printed once unless --settings"
            + " gives one.")
    static final class Create extends AdminCall {
        @Parameters(index = "0", paramLabel = "ID", description = "The app's id.")
        String appId;

        @Parameters(index = "1", paramLabel = "KEY", description = "The app's key.")
        String appKey;

        @Option(names = "--settings", paramLabel = "JSON", defaultValue = "{}",
                description = "More app keys as a JSON object, e.g. '{\"max-connections\": 1000}'.")
        String settings;

        Create(Map<String, String> environment) {
            super(environment, "POST");
        }

        @Override
        String path() {
            return "/admin/apps";
        }

        @Override
        String body() {
            String rest = settings.strip();
            String more = rest.length() > 2 && rest.startsWith("{") ? ", " + rest.substring(1) : "}";
            return "{\"id\": " + JsonText.quote(appId) + ", \"key\": " + JsonText.quote(appKey) + more;
        }
    }

    /** A call on one app: {@code /admin/apps/ID} and what follows. */
    abstract static class OnApp extends AdminCall {
        @Parameters(index = "0", paramLabel = "ID", description = "The app's id.")
        String appId;

        private final String action;

        OnApp(Map<String, String> environment, String method, String action) {
            super(environment, method);
            this.action = action;
        }

        @Override
        String path() {
            return "/admin/apps/" + id(appId) + action;
        }
    }

    @Command(name = "show", description = "Show one app (never its secret).")
    static final class Show extends OnApp {
        Show(Map<String, String> environment) {
            super(environment, "GET", "");
        }
    }

    @Command(name = "update", description = {"Change some settings of an app, on every node within a second.",
        "Example: herald apps update my-app --set max-connections=1000 --set client-events=false"
                + " --set allowed-origins='[https://shop.example]' --unset max-backend-events-per-second"})
    static final class Update extends OnApp {
        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "An app key as in the configuration and its value (YAML or JSON: 1000, false,"
                        + " '[a, b]'); repeatable.")
        List<String> sets = new ArrayList<>();

        @Option(names = "--unset", paramLabel = "KEY", description = "Put an app key back to its default; repeatable.")
        List<String> unsets = new ArrayList<>();

        Update(Map<String, String> environment) {
            super(environment, "PATCH", "");
        }

        @Override
        String body() {
            return AppChanges.body(sets, unsets);
        }

        @Override
        public Integer call() {
            if (sets.isEmpty() && unsets.isEmpty()) {
                spec.commandLine().getErr().println("herald: nothing to change: give --set KEY=VALUE or --unset KEY");
                return 2;
            }
            try {
                body();
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("herald: " + e.getMessage());
                return 2;
            }
            return super.call();
        }
    }

    @Command(name = "enable", description = "Enable an app again.")
    static final class Enable extends OnApp {
        Enable(Map<String, String> environment) {
            super(environment, "POST", "/enable");
        }
    }

    @Command(name = "disable", description = "Disable an app: its connections are closed (4003) on every node.")
    static final class Disable extends OnApp {
        Disable(Map<String, String> environment) {
            super(environment, "POST", "/disable");
        }
    }

    @Command(name = "delete", description = "Delete an app: its connections are closed (4001) on every node.")
    static final class Delete extends OnApp {
        Delete(Map<String, String> environment) {
            super(environment, "DELETE", "");
        }
    }

    @Command(name = "rotate-secret", description = "Give an app a new secret, printed once; the previous one stays"
            + " valid for --grace seconds.")
    static final class RotateSecret extends OnApp {
        @Option(names = "--grace", paramLabel = "SECONDS", required = true,
                description = "Seconds the previous secret stays valid (0: not at all).")
        long graceSeconds;

        RotateSecret(Map<String, String> environment) {
            super(environment, "POST", "/rotate-secret");
        }

        @Override
        String path() {
            return super.path() + "?grace=" + graceSeconds;
        }
    }
}
