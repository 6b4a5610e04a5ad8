package dev.roost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version {@code roost --version} prints: read from {@code roost-version.properties}, which the build fills in.
 * Stateless.
 */
final class RoostVersion implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "roost-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"roost " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name")
                + ")"};
    }

    static String version() {
        try (InputStream in = RoostVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + " from the classpath", e);
        }
    }
}
