package dev.roost.store.rocksdb;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an external command printed (stdout and stderr together) and how it exited. {@link #run} runs one to its end, or
 * kills it after a timeout. Immutable.
 *
 * @param command the command line, for messages
 * @param exitCode its exit status
 * @param output what it printed
 */
record CommandResult(List<String> command, int exitCode, String output) {

    /**
     * Runs {@code command} in {@code workDir}, its output going to a file there, and waits for it.
     *
     * @throws AssertionError if it did not finish within {@code timeout} (it is killed)
     */
    static CommandResult run(Path workDir, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        File output = Files.createTempFile(workDir, "command-", ".out").toFile();
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ": "
                        + Files.readString(output.toPath(), StandardCharsets.UTF_8));
            }
            return new CommandResult(command, process.exitValue(),
                    Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.delete(output.toPath());
        }
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " exited with " + exitCode + ": " + output.strip();
    }
}
