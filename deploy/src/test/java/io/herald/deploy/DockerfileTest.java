package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile read as instructions (no image can be built here): the properties the chart
 * and the docs rely on.
 */
class DockerfileTest {

    private static final Path REPOSITORY = DeployFiles.repositoryDir();
    private static final Dockerfile DOCKERFILE = Dockerfile.read(DeployFiles.deployDir().resolve("Dockerfile"));
    private static final Dockerfile.Stage IMAGE = DOCKERFILE.last();

    @Test
    void buildsTheServerJarWithTheMavenWrapperOnAJdk() {
        Dockerfile.Stage build = DOCKERFILE.stage("build");

        assertThat(DOCKERFILE.stages()).hasSize(2);
        assertThat(build.from()).matches("eclipse-temurin:(21|25)-jdk");
        assertThat(build.last("RUN").orElseThrow().arguments())
                .contains("./mvnw -B -pl server -am package -DskipTests")
                .contains("server/target/herald.jar");
    }

    @Test
    void runsOnAJre25() {
        // The entrypoint's -XX:+UseCompactObjectHeaders is a product option from JDK 25 on.
        assertThat(IMAGE.from()).isEqualTo("eclipse-temurin:25-jre");
        assertThat(IMAGE.all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .contains("--from=build /herald.jar /opt/herald/herald.jar");
    }

    @Test
    void runsAsTheNumericNonRootUserTheChartExpects() {
        String user = IMAGE.last("USER").orElseThrow().arguments();
        Deployment gateway = HelmChart.shared().render().get(Deployment.class, "herald-gateway");
        var podSecurity = gateway.getSpec().getTemplate().getSpec().getSecurityContext();

        // Numeric, so that runAsNonRoot can be verified by the kubelet without reading /etc/passwd.
        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(user).isEqualTo(podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup());
    }

    @Test
    void writesOnlyToTheVolumesTheChartMounts() {
        Deployment gateway = HelmChart.shared().render().get(Deployment.class, "herald-gateway");
        List<String> writable = gateway.getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts().stream()
                .filter(mount -> !Boolean.TRUE.equals(mount.getReadOnly())).map(VolumeMount::getMountPath).toList();

        assertThat(IMAGE.last("VOLUME").orElseThrow().execForm()).containsExactlyInAnyOrderElementsOf(writable);
        // The working directory is a volume, so the SQLite queue's relative ./data is writable.
        assertThat(IMAGE.last("WORKDIR").orElseThrow().arguments()).isEqualTo("/var/lib/herald");
        assertThat(IMAGE.all("ENV")).extracting(Dockerfile.Instruction::arguments).anyMatch(env -> env.contains("TMPDIR=/tmp"));
    }

    @Test
    void exposesHeraldsDefaultPorts() {
        HeraldConfig defaults = new ConfigLoader().load(ConfigSources.defaultsOnly());

        assertThat(IMAGE.last("EXPOSE").orElseThrow().words())
                .containsExactly(String.valueOf(defaults.server().port()), String.valueOf(defaults.metrics().port()));
    }

    @Test
    void startsANodeByDefaultAndTakesHeraldCommandsAsArguments() throws IOException {
        assertThat(IMAGE.last("ENTRYPOINT").orElseThrow().execForm()).containsExactly("/opt/herald/bin/herald");
        assertThat(IMAGE.last("CMD").orElseThrow().execForm()).containsExactly("start");
        assertThat(IMAGE.last("STOPSIGNAL").orElseThrow().arguments()).isEqualTo("SIGTERM");

        Path script = DeployFiles.deployDir().resolve("docker/herald");
        assertThat(IMAGE.all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .contains("--chmod=0755 " + REPOSITORY.relativize(script) + " /opt/herald/bin/herald");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).startsWith("#!/bin/sh\n").contains("jar=\"$(cd \"$(dirname \"$0\")/..\" && pwd)/herald.jar\"");
    }

    @Test
    void checksHealthOnTheReadyProbeOfTheMetricsPort() {
        String healthcheck = IMAGE.last("HEALTHCHECK").orElseThrow().arguments();

        assertThat(healthcheck).startsWith("--interval=").contains("CMD [\"bash\", \"-c\"");
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/9601").contains("GET /ready ");
    }

    @Test
    void sendsTheSourcesButNoBuildOutputToTheBuild() throws IOException {
        List<String> ignored = Files.readAllLines(REPOSITORY.resolve(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains(".git", "**/target", "**/node_modules");
        // The reactor reads every module's pom, even with -pl server -am, and the wrapper needs .mvn.
        assertThat(ignored).doesNotContainAnyElementsOf(modules()).doesNotContain("mvnw", ".mvn", "pom.xml", "*.xml", "deploy/docker");
    }

    private static List<String> modules() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
        return module.results().map(match -> match.group(1)).toList();
    }
}
