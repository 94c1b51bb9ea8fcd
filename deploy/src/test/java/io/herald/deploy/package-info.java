/**
 * Tests of what deploy/ ships: the container image definition and the Helm chart.
 *
 * <p>{@link io.herald.deploy.HelmChart} lints and renders the chart with real Helm (embedded by
 * helm-java) and {@link io.herald.deploy.RenderedChart} reads the result as Kubernetes model
 * objects; {@link io.herald.deploy.HeraldContainerConfig} turns a rendered pod back into the
 * configuration Herald would read; {@link io.herald.deploy.Dockerfile} parses the Dockerfile. The
 * {@code *IT} classes run the image's entrypoint with the built server jar. Start with
 * {@code ChartExamplesTest}.
 */
package io.herald.deploy;
