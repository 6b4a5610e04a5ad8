package dev.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
    @TempDir
    Path dir;

    @Test
    void readsVmRssInBytes() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tmosquitto\nVmPeak:\t  9000 kB\nVmRSS:\t  6144 kB\n");

        assertThat(ProcessMemory.residentBytes(status)).hasValue(6144 * 1024L);
    }

    @Test
    void aMissingProcessHasNoFigure() {
        assertThat(ProcessMemory.residentBytes(dir.resolve("gone"))).isEmpty();
    }
}
