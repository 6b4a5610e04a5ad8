package dev.roost.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads another process's resident memory from {@code /proc/<pid>/status} (Linux): the {@code VmRSS} line, in bytes.
 * Stateless.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** @return the process's resident set size in bytes; empty when the process or the file cannot be read */
    public static OptionalLong residentBytes(long pid) {
        return residentBytes(Path.of("/proc", Long.toString(pid), "status"));
    }

    static OptionalLong residentBytes(Path status) {
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
            }
        }
        return OptionalLong.empty();
    }
}
