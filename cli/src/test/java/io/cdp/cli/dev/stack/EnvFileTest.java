package io.cdp.cli.dev.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenValuesReadBackInOrder() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("CDP_PG_PORT", "25432");
        values.put("CDP_KAFKA_BOOTSTRAP", "127.0.0.1:29092");
        Path file = dir.resolve("nested/env");

        EnvFile.write(file, values);

        assertThat(EnvFile.read(file)).containsExactlyEntriesOf(values);
        assertThat(Files.readString(file)).startsWith("#").contains("\nCDP_PG_PORT=25432\n");
    }

    @Test
    void noFileMeansNoValues() throws Exception {
        assertThat(EnvFile.read(dir.resolve("env"))).isEmpty();
    }
}
