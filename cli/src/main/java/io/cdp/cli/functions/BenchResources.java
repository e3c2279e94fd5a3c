package io.cdp.cli.functions;

import io.cdp.functions.FunctionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The benchmark files shipped in the SDK jar (functions-sdk/bench: the suite's functions, the
 * shared harness bench-core.mjs and the Node.js entry script node-bench.mjs).
 */
final class BenchResources {
    /** The harness both plain-JavaScript engines (Node.js and GraalJS alone) run. */
    static final String CORE = "bench-core.mjs";

    private BenchResources() {
    }

    /** Copies a bundled file into {@code directory} as {@code fileName}. */
    static Path extract(String resource, Path directory, String fileName) throws IOException {
        try (InputStream in = open(resource)) {
            Path target = directory.resolve(fileName);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /** A bundled file's text. */
    static String text(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = FunctionRuntime.class.getResourceAsStream("/io/cdp/functions/bench/" + resource);
        if (in == null) {
            throw new IOException("the benchmark resource " + resource + " is missing from the SDK jar");
        }
        return in;
    }
}
