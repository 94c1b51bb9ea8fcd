package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.node.HeraldNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** herald apps ... against a running node's admin API. */
class AppsCommandTest {

    private static final String TOKEN = "cli-token-0123456789";

    @TempDir
    Path dir;

    private HeraldNode node;
    private String url;

    @BeforeEach
    void startNode() {
        node = HeraldNode.start(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "server.host=127.0.0.1", "server.port=0", "metrics.host=127.0.0.1", "metrics.port=0",
                "webhooks.data-dir=" + dir, "admin.read-tokens={cli: " + TOKEN + "}"))));
        url = "http://127.0.0.1:" + node.metricsPort();
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private CommandRun apps(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "apps";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--url";
        all[args.length + 2] = url;
        return CommandRun.of(Map.of("HERALD_ADMIN_TOKEN", TOKEN), CommandRun.NO_NODE, all);
    }

    @Test
    void listsAndShowsTheNodesApps() {
        CommandRun list = apps("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("\"id\":\"app-id\"").doesNotContain("app-secret");

        assertThat(apps("show", "app-id").out()).contains("\"key\":\"app-key\"");
        CommandRun unknown = apps("show", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("404", "Unknown app id 'nope'");
    }

    @Test
    void saysWhatIsMissingOrRefused() {
        CommandRun noToken = CommandRun.of(Map.of(), CommandRun.NO_NODE, "apps", "list", "--url", url);
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("HERALD_ADMIN_TOKEN");

        CommandRun readOnly = apps("disable", "app-id");
        assertThat(readOnly.exitCode()).isEqualTo(1);
        assertThat(readOnly.err()).contains("403", "may only read");

        assertThat(apps("rotate-secret", "app-id").exitCode()).as("--grace is required").isEqualTo(2);

        CommandRun nothing = apps("update", "app-id");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("--set KEY=VALUE");
        CommandRun update = apps("update", "app-id", "--set", "max-connections=5");
        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(update.err()).contains("403", "may only read");
        CommandRun malformed = apps("update", "app-id", "--set", "max-connections");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("expected KEY=VALUE");
    }
}
