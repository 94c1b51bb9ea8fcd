package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class KubernetesFieldsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  %s: 30
                  containers:
                    - name: web
                      image: web:1
                      %s: {httpGet: {path: /ready, port: 80}}
            """;

    @Test
    void acceptsFieldsKubernetesKnows() {
        RenderedChart chart = RenderedChart.parse(DEPLOYMENT.formatted("terminationGracePeriodSeconds", "readinessProbe"));

        assertThat(chart.get(Deployment.class, "web").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(30L);
    }

    @Test
    void namesMisspeltFieldsAtAnyDepth() {
        RenderedChart chart = RenderedChart.parse(DEPLOYMENT.formatted("terminationGracePeriodSecond", "readinesProbe"));

        assertThatThrownBy(() -> chart.get(Deployment.class, "web"))
                .hasMessageContaining("Deployment/web sets fields Kubernetes does not know")
                .hasMessageContaining(".spec.template.spec.terminationGracePeriodSecond")
                .hasMessageContaining(".spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void rejectsAnObjectOfAnotherApiVersion() {
        RenderedChart chart = RenderedChart.parse(DEPLOYMENT.formatted("terminationGracePeriodSeconds", "readinessProbe")
                .replace("apps/v1", "apps/v1beta2"));

        assertThatThrownBy(() -> chart.get(Deployment.class, "web")).hasMessageContaining("expected apps/v1");
    }
}
