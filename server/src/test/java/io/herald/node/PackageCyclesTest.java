package io.herald.node;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The packages of the server import each other without a circle: a lower package that must tell
 * a higher one something does it through a small listener interface of its own. Read from the
 * compiled classes, so a dependency written as a fully qualified name counts as much as an import.
 */
class PackageCyclesTest {

    private static final Path SERVER_CLASSES = Path.of("target", "classes");

    @Test
    void theServersPackagesHaveNoImportCircle() {
        JavaClasses server = new ClassFileImporter().importPath(SERVER_CLASSES);
        assertThat(server.size()).as("classes read from " + SERVER_CLASSES.toAbsolutePath()).isGreaterThan(100);
        slices().matching("io.herald.(*)..").should().beFreeOfCycles().check(server);
    }
}
