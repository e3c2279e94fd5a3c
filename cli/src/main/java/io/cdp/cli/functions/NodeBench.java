package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.functions.FunctionRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the same benchmark in Node.js ({@code node} on the PATH) with functions-sdk/bench's
 * node-bench.mjs, shipped in the SDK jar.
 */
final class NodeBench {
    private NodeBench() {
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

    /** Copies a bundled bench resource (function or runner) into {@code directory}. */
    static Path extract(String resource, Path directory, String fileName) throws IOException {
        try (InputStream in = FunctionRuntime.class.getResourceAsStream("/io/cdp/functions/bench/" + resource)) {
            if (in == null) {
                throw new IOException("the benchmark resource " + resource + " is missing from the SDK jar");
            }
            Path target = directory.resolve(fileName);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

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
