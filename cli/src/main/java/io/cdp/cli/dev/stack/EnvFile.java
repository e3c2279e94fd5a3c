package io.cdp.cli.dev.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code DATA_DIR/env} file: {@code NAME=value} lines that say where the running local
 * services are. {@code cdp dev up} writes it, {@code cdp dev down} removes it; the {@code ./cdp}
 * launcher exports its values (unless already set) to every command, and the tests read it, so
 * that non-default ports are found without setting anything again. It is valid shell:
 * {@code set -a; . .cdp/env; set +a}.
 */
public final class EnvFile {
    private EnvFile() {
    }

    public static void write(Path file, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Where `cdp dev up` runs the local services; removed by `cdp dev down`.");
        lines.add("# Read by ./cdp (for every command) and by the tests. Do not edit: set the variables instead.");
        values.forEach((name, value) -> lines.add(name + "=" + value));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The values in the file; empty when there is no file. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return values;
    }
}
