package dev.roost.store.rocksdb;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a command as the user nobody (uid and gid 65534, no supplementary groups) through util-linux's
 * {@code setpriv}, so that a test running as root sees what an unprivileged user gets. Only root may use it; the
 * working directory and everything the command reads must be reachable by nobody. Stateless.
 */
final class NobodyProcess {
    private static final String NOBODY = "65534";

    private NobodyProcess() {
    }

    /** Runs {@code command} as nobody in {@code workDir}. */
    static CommandResult run(Path workDir, Duration timeout, String... command)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(setpriv().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        all.addAll(List.of(command));
        return CommandResult.run(workDir, timeout, all);
    }

    /**
     * Runs {@code main} in a child JVM as nobody, with a copy of this JVM's class path made in {@code workDir}: the
     * local Maven repository is usually in root's home, which nobody may not enter.
     */
    static CommandResult java(Path workDir, Duration timeout, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:-UsePerfData", "-cp", readableCopyOfClassPath(workDir), main.getName()));
        command.addAll(List.of(args));
        return run(workDir, timeout, command.toArray(String[]::new));
    }

    private static Path setpriv() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "setpriv")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("Run as root, this test runs a process as the user nobody"
                        + " with setpriv, which is not on the PATH: install util-linux (apt-get install util-linux)"));
    }

    /**
     * Copies (hard-links, where it can) every entry of this JVM's class path into a new directory in {@code workDir},
     * readable by everyone; returns the class path of the copies, in the same order.
     */
    private static String readableCopyOfClassPath(Path workDir) throws IOException {
        Path target = Files.createTempDirectory(workDir, "classpath-");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = target.resolve(n++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                copyTree(source, copy);
            } else {
                linkOrCopy(source, copy);
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path source, Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(f, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** A hard link shares the file's permissions, so only a file everyone may read is linked. */
    private static void linkOrCopy(Path source, Path copy) throws IOException {
        if (Files.getPosixFilePermissions(source).contains(PosixFilePermission.OTHERS_READ)) {
            try {
                Files.createLink(copy, source);
                return;
            } catch (IOException | UnsupportedOperationException otherFileSystem) {
                // On another file system than the working directory: copy it instead.
                Files.deleteIfExists(copy);
            }
        }
        Files.copy(source, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
