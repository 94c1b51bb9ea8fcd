package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json stops mistyped and dangerous values before anything reaches a cluster: Helm
 * checks it on install, upgrade, template and lint, and names the value at fault.
 */
class ChartSchemaTest {

    private static final HelmChart CHART = HelmChart.shared();

    /** Enough for production: real apps from a Secret. */
    private static final String PRODUCTION = "{environment: production, apps: {existingSecret: herald-apps}}\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            image tag with a blank            | image: {tag: "1.0 beta"}                                   | at '/image/tag': '1.0 beta' does not match pattern
            image tag starting with a dot     | image: {tag: ".1"}                                         | at '/image/tag'
            image digest not sha256           | image: {digest: "md5:abc"}                                 | at '/image/digest'
            unknown top-level key             | colour: blue                                               | additional properties 'colour' not allowed
            misspelt nested key               | gateway: {drian: {windowSeconds: 30}}                      | at '/gateway': additional properties 'drian' not allowed
            zero drain window                 | gateway: {drain: {windowSeconds: 0}}                       | at '/gateway/drain/windowSeconds': minimum: got 0, want 1
            negative drain window             | gateway: {drain: {windowSeconds: -5}}                      | at '/gateway/drain/windowSeconds': minimum: got -5, want 1
            negative preStop sleep            | gateway: {drain: {preStopSleepSeconds: -1}}                | at '/gateway/drain/preStopSleepSeconds'
            negative replicas                 | gateway: {replicas: -1}                                    | at '/gateway/replicas'
            app without a secret              | apps: {list: [{id: "1", key: chat-key}]}                   | at '/apps/list/0': missing property 'secret'
            app with an empty secret          | apps: {list: [{id: "1", key: chat-key, secret: ""}]}       | at '/apps/list/0/secret'
            app id as a number                | apps: {list: [{id: 1, key: chat-key, secret: s3cret}]}     | at '/apps/list/0/id': got number, want string
            apps both listed and from Secret  | apps: {list: [{id: "1", key: k, secret: s}], existingSecret: herald-apps} | at '/apps': 'not' failed
            apps in the ConfigMap             | config: {apps: [{id: "1", key: k, secret: s}]}            | at '/config/apps'
            metrics switched off              | config: {metrics: {enabled: false}}                        | at '/config/metrics/enabled': value must be true
            unknown webhook queue             | config: {webhooks: {queue: kafka}}                         | at '/config/webhooks/queue'
            unknown cluster bus               | config: {cluster: {bus: kafka}}                            | at '/config/cluster/bus'
            data dir on the read-only root    | config: {webhooks: {data-dir: /data}}                      | at '/config/webhooks/data-dir'
            port zero                         | config: {server: {port: 0}}                                | at '/config/server/port'
            unknown environment               | environment: prod                                          | at '/environment'
            root user                         | podSecurityContext: {runAsNonRoot: false}                  | at '/podSecurityContext/runAsNonRoot'
            privilege escalation              | securityContext: {allowPrivilegeEscalation: true}          | at '/securityContext/allowPrivilegeEscalation'
            unknown log level                 | logLevel: verbose                                          | at '/logLevel'
            environment variable without name | extraEnv: [{value: x}]                                     | at '/extraEnv/0': missing property 'name'
            HPA target above 100 percent      | gateway: {autoscaling: {targetCPUUtilizationPercentage: 150}} | at '/gateway/autoscaling/targetCPUUtilizationPercentage'
            zero backlog target               | sender: {autoscaling: {targetBacklogPerPod: 0}}            | at '/sender/autoscaling/targetBacklogPerPod'
            """)
    void rejects(String mistake, String values, String message) {
        assertThatThrownBy(() -> CHART.render(values)).as(mistake)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsAnImageTagLongerThanDockerAllows() {
        assertThatThrownBy(() -> CHART.render("image: {tag: " + "v".repeat(129) + "}")).hasMessageContaining("at '/image/tag'");
        assertThat(CHART.render("image: {tag: " + "v".repeat(128) + "}").all(Deployment.class)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            zero gateways                 | gateway: {replicas: 0}                          | at '/gateway/replicas': minimum: got 0, want 2
            a single gateway              | gateway: {replicas: 1}                          | at '/gateway/replicas': minimum: got 1, want 2
            autoscaling down to one       | gateway: {autoscaling: {enabled: true, minReplicas: 1}} | at '/gateway/autoscaling/minReplicas'
            the latest tag                | image: {tag: latest}                            | at '/image/tag'
            """)
    void rejectsInProduction(String mistake, String values, String message) {
        assertThatThrownBy(() -> CHART.render(PRODUCTION, values)).as(mistake)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsProductionServingTheDemoApp() {
        assertThatThrownBy(() -> CHART.render("environment: production"))
                .hasMessageContaining("at '/apps/list': minItems: got 0, want 1")
                .hasMessageContaining("at '/apps/existingSecret': minLength: got 0, want 1");
    }

    @Test
    void allowsWhatProductionRefusesElsewhere() {
        RenderedChart chart = CHART.render("{gateway: {replicas: 0}, image: {tag: latest}}");

        assertThat(chart.get(Deployment.class, "herald-gateway").getSpec().getReplicas()).isZero();
        assertThat(chart.get(Deployment.class, "herald-gateway").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage()).isEqualTo("herald:latest");
    }

    @Test
    void acceptsAPinnedProductionReleaseWithListedApps() {
        RenderedChart chart = CHART.render("""
                environment: production
                gateway: {replicas: 2}
                config: {cluster: {enabled: true, redis: {url: "redis://redis.internal:6379"}}}
                image:
                  repository: registry.example.com:5000/team/herald
                  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                apps:
                  list:
                    - {id: "1", key: chat-key, secret: a-long-random-secret}
                """);

        assertThat(chart.get(Deployment.class, "herald-gateway").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage()).isEqualTo("registry.example.com:5000/team/herald@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    }
}
