package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.store.InMemoryStore;
import io.cdp.functions.Invocation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdp functions bench}: events per second of a function in the rotor's runtime, and with
 * {@code --compare-node} the same function over the same events in Node.js and in GraalJS alone
 * (a plain GraalJS context doing Node's work), side by side. {@code --suite} runs the three
 * bundled benchmark functions (trivial, clean+enrich, compute) that way.
 */
@Command(
        name = "bench",
        header = "Measure a function's events/s in the rotor's engine, optionally against Node.js and plain GraalJS.",
        description = {
                "Per event, the call the rotor makes for each function: the event's JSON text in (parsed when the"
                        + " function first reads the event), the call, its promise settled, each output as JSON text"
                        + " (Node.js parses and serialises every event).",
                "A warm-up runs first so the JIT (when present) has compiled the hot code: the Graal compiler itself"
                        + " warms up first, so give it 30 s or more on a small or busy machine. The engine mode"
                        + " (GraalJS JIT or interpreter) is printed; for the interpreter's figures run the same command"
                        + " on a JDK without the Graal compiler (JAVA_HOME=<JDK 17> ./cdp ...). A benchmark, not a"
                        + " test: figures vary with machine load.",
                "With --compare-node or --suite two more engines run the same events, single-threaded: Node.js, and"
                        + " 'GraalJS alone', Node's very harness in a plain GraalJS context on this JVM (same compiler"
                        + " mode; no sandbox, no limits, no host bridge). VS ALONE is the runtime's events/s divided by"
                        + " GraalJS alone's: the share of the bare engine's speed the runtime's sandbox, limits and JSON"
                        + " hand-over leave. For GraalJS alone, VS NODE is the bare engine's speed against Node.js."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:measured", "1:the function could not be compiled, or node or GraalJS alone failed",
                "2:invalid command line or input file"},
        footer = {
                "  ./cdp functions bench clean.js --events events.ndjson",
                "  ./cdp functions bench clean.js --events e.ndjson --compare-node --duration 20s",
                "  ./cdp functions bench --suite      # trivial, clean+enrich, compute vs Node.js"})
public class FunctionsBenchCommand implements Callable<Integer> {
    private static final List<String> SUITE = List.of("trivial.js", "clean-enrich.js", "compute.js");

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FUNCTION.js", description = "The function (not with --suite).")
    Path function;

    @Option(names = "--events", paramLabel = "FILE", description = "Events to cycle through, NDJSON (not with --suite).")
    Path events;

    @Option(names = "--suite",
            description = "Run the bundled benchmark functions on generated events, against Node.js and GraalJS alone.")
    boolean suite;

    @Option(names = "--compare-node",
            description = "Also run the function in Node.js (node on the PATH) and in GraalJS alone, and print the ratios.")
    boolean compareNode;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", description = "Measured time per run (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "30s", description = "Warm-up time per run (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Concurrent calls on the Java side (default: ${DEFAULT-VALUE}, like Node's single thread).")
    int threads;

    @Mixin LocalRuntimeOptions runtimeOptions;

    /** Which engine a row measured. */
    private enum Kind { RUNTIME, GRAALJS_ALONE, NODE }

    /** One row of the result table. */
    private record Row(String function, String engine, JavaBench.Measurement measurement, Kind kind) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("cdp-bench");
        try {
            return run(out, err, work);
        } catch (LocalInputs.BadInputException | IllegalArgumentException e) {
            err.println("cdp: " + e.getMessage());
            return FunctionsTestCommand.BAD_INPUT;
        } catch (IOException | FunctionCompileException e) {
            err.println("cdp: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private int run(PrintWriter out, PrintWriter err, Path work) throws Exception {
        Duration measured = LocalRuntimeOptions.parseDuration(duration);
        Duration warm = LocalRuntimeOptions.parseDuration(warmup);
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        List<Path> functions = new ArrayList<>();
        Path eventsFile;
        if (suite) {
            for (String name : SUITE) {
                functions.add(BenchResources.extract(name, work, name.replace(".js", ".mjs")));
            }
            eventsFile = work.resolve("events.ndjson");
            Files.write(eventsFile, BenchEvents.generate(2000, 42));
        } else {
            if (function == null || events == null) {
                throw new IllegalArgumentException("name a FUNCTION.js and --events FILE, or use --suite");
            }
            functions.add(function);
            LocalInputs.events(events);
            eventsFile = events;
        }
        List<String> lines = Files.readAllLines(eventsFile).stream().filter(line -> !line.isBlank()).toList();
        String eventsText = String.join("\n", lines); // for GraalJS alone, which splits it as Node.js does
        JsonNode propsJson = runtimeOptions.props();
        boolean compare = suite || compareNode;
        String nodeVersion = compare ? NodeBench.version() : null;
        if (compare && nodeVersion == null) {
            err.println("cdp: node is not installed: measuring the GraalJS side only (apt-get install nodejs)");
        }
        Path runner = nodeVersion == null ? null : NodeBench.extractRunner(work);
        String propsText = propsJson == null ? null : propsJson.toString();

        out.printf("Benchmark: %d distinct events, %s warm-up + %s measured per run, %d Java thread(s)%n",
                lines.size(), warm, measured, threads);
        List<Row> rows = new ArrayList<>();
        for (Path file : functions) {
            String code = LocalInputs.text(file, "function file");
            String name = file.getFileName().toString().replaceAll("\\.m?js$", "");
            try (FunctionRuntime runtime = new FunctionRuntime(runtimeOptions.config(threads))) {
                CompiledFunction compiled = runtime.compile(new FunctionCode("bench", name, 1, code));
                Invocation invocation = LocalRuntimeOptions.invocation(code,
                        (ObjectNode) FunctionRuntime.mapper().readTree(lines.get(0)), propsJson, new InMemoryStore(),
                        Map.of(), null);
                String engine = runtime.describeMode().replaceAll(" \\(Interpreted;.*", " (no Graal compiler)");
                err.printf("%s on %s ...%n", name, engine);
                err.flush();
                JavaBench.Measurement result = JavaBench.measure(runtime, compiled, lines, invocation, warm, measured,
                        threads, count -> {
                            err.printf("  %,d events%n", count);
                            err.flush();
                        });
                rows.add(new Row(name, engine, result, Kind.RUNTIME));
            }
            if (compare) {
                rows.add(measureAlone(name, code, eventsText, propsText, warm, measured, err));
            }
            if (runner != null) {
                Path module = file.toString().endsWith(".mjs") ? file : copyAsModule(file, work);
                err.printf("%s on Node.js %s ...%n", name, nodeVersion);
                err.flush();
                JavaBench.Measurement result = NodeBench.measure(runner, module, eventsFile, warm, measured,
                        propsText, line -> {
                            err.println("  " + line.split(" ")[1] + " events");
                            err.flush();
                        });
                rows.add(new Row(name, "Node.js " + nodeVersion, result, Kind.NODE));
            }
        }
        print(rows, out);
        return 0;
    }

    private static Row measureAlone(String name, String code, String eventsText, String propsText, Duration warm,
                                    Duration measured, PrintWriter err) throws IOException {
        try (GraalJsAloneBench alone = new GraalJsAloneBench()) {
            String engine = alone.describe();
            err.printf("%s on %s ...%n", name, engine);
            err.flush();
            JavaBench.Measurement result = alone.measure(name, code, eventsText, propsText, warm, measured,
                    count -> {
                        err.printf("  %,d events%n", count);
                        err.flush();
                    });
            return new Row(name, engine, result, Kind.GRAALJS_ALONE);
        }
    }

    private static Path copyAsModule(Path file, Path work) throws IOException {
        Path target = work.resolve(file.getFileName().toString().replaceAll("\\.js$", "") + "-user.mjs");
        Files.copy(file, target);
        return target;
    }

    private static void print(List<Row> rows, PrintWriter out) {
        out.println();
        out.printf("%-14s %-44s %14s %8s %9s %9s%n", "FUNCTION", "ENGINE", "EVENTS/S", "ERRORS", "VS NODE", "VS ALONE");
        for (Row row : rows) {
            String vsNode = ratio(row, find(rows, row.function(), Kind.NODE));
            String vsAlone = row.kind() == Kind.RUNTIME ? ratio(row, find(rows, row.function(), Kind.GRAALJS_ALONE)) : "-";
            out.printf(Locale.ROOT, "%-14s %-44s %,14.0f %8d %9s %9s%n", row.function(), shorten(row.engine()),
                    row.measurement().eventsPerSecond(), row.measurement().errors(), vsNode, vsAlone);
        }
        if (rows.stream().anyMatch(row -> row.kind() == Kind.GRAALJS_ALONE)) {
            out.println();
            out.println("VS ALONE: the runtime's events/s / GraalJS alone's (Node's harness in a plain GraalJS");
            out.println("context: no sandbox, no limits), i.e. the share of the engine's own speed the runtime keeps.");
        }
    }

    private static Row find(List<Row> rows, String function, Kind kind) {
        return rows.stream().filter(row -> row.kind() == kind && row.function().equals(function))
                .findFirst().orElse(null);
    }

    /** {@code row}'s rate over {@code base}'s, or "-" without a base. */
    private static String ratio(Row row, Row base) {
        return base == null ? "-" : String.format(Locale.ROOT, "%.2fx",
                row.measurement().eventsPerSecond() / base.measurement().eventsPerSecond());
    }

    private static String shorten(String engine) {
        return engine.length() <= 44 ? engine : engine.substring(0, 41) + "...";
    }
}
