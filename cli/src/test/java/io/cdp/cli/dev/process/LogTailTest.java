package io.cdp.cli.dev.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void lastLinesAreTheEndOfTheFileInOrder() throws Exception {
        Path log = dir.resolve("service.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(LogTail.lastLines(log, 3)).containsExactly("line 98", "line 99", "line 100");
    }

    @Test
    void aShortFileIsShownWhole() throws Exception {
        Path log = dir.resolve("service.log");
        Files.writeString(log, "only\n");

        assertThat(LogTail.lastLines(log, 50)).containsExactly("only");
    }

    @Test
    void aMissingFileHasNoLines() {
        assertThat(LogTail.lastLines(dir.resolve("none.log"), 10)).isEmpty();
    }
}
