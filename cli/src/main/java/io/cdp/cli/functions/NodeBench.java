package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.functions.FunctionRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the same benchmark in Node.js ({@code node} on the PATH) with functions-sdk/bench's
 * node-bench.mjs and bench-core.mjs, shipped in the SDK jar.
 */
final class NodeBench {
    private NodeBench() {
    }

    /** Puts node-bench.mjs and the harness it imports into {@code directory}; returns the script. */
    static Path extractRunner(Path directory) throws IOException {
        BenchResources.extract(BenchResources.CORE, directory, BenchResources.CORE);
        return BenchResources.extract("node-bench.mjs", directory, "node-bench.mjs");
    }

    /** The Node.js version, or null when node is not installed. */
    static String version() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs {@code runner} (node-bench.mjs, extracted next to bench-core.mjs by
     * {@link #extractRunner}) on {@code function} over {@code events}; reports progress lines.
     */
    static JavaBench.Measurement measure(Path runner, Path function, Path events, Duration warmup, Duration duration,
                                         String propsJson, Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node", runner.toString(), function.toString(),
                events.toString(), String.valueOf(warmup.toMillis()), String.valueOf(duration.toMillis())));
        if (propsJson != null) {
            command.add(propsJson);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("progress ")) {
                    progress.accept(line.substring("progress ".length()));
                } else if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        if (process.waitFor() != 0 || last == null) {
            throw new IOException("node failed: " + output.toString().strip());
        }
        JsonNode result = FunctionRuntime.mapper().readTree(last);
        return new JavaBench.Measurement(result.path("events").asLong(), result.path("seconds").asDouble(),
                result.path("errors").asLong());
    }
}
