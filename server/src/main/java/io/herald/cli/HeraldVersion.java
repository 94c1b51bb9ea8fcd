package io.herald.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version this jar was built as, and the JVM running it. */
final class HeraldVersion implements IVersionProvider {

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = HeraldVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "herald " + version(),
            "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch").toLowerCase(Locale.ROOT)
        };
    }
}
