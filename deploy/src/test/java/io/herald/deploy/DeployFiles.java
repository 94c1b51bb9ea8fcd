package io.herald.deploy;

import java.nio.file.Path;

/** Where the files under test are: the build passes the directories as system properties. */
final class DeployFiles {

    private DeployFiles() {}

    /** The {@code deploy/} directory: Dockerfile, docker/, helm/herald. */
    static Path deployDir() {
        return directory("herald.deploy.dir");
    }

    /** The repository root. */
    static Path repositoryDir() {
        return directory("herald.repository.dir");
    }

    private static Path directory(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
