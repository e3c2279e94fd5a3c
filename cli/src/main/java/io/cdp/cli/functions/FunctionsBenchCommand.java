package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.functions.CompiledFunction;
import io.cdp.functions.FunctionCode;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.InMemoryStore;
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
 * {@code --compare-node} the same function over the same events in Node.js, side by side.
 * {@code --suite} runs the three bundled benchmark functions (trivial, clean+enrich, compute).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure a function's events/s in the rotor's engine, optionally against Node.js.",
        description = {
                "Per event, the call the rotor makes for each function: the event's JSON text in, parsed, the call,",
                "its promise settled, each output serialised to JSON text (Node.js does the same work per event).",
                "A warm-up runs first so the JIT (when present) has compiled the hot code: the Graal compiler",
                "itself warms up first, so give it 30 s or more on a small or busy machine. The engine mode",
                "(GraalJS JIT or interpreter) is printed; for the interpreter's figures run the same command on a",
                "JDK without the Graal compiler (JAVA_HOME=<JDK 17> ./cdp ...). A benchmark, not a test:",
                "figures vary with machine load."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:measured", "1:the function could not be compiled, or node failed",
                "2:invalid command line or input file"},
        footer = {
                "",
                "Examples:",
                "  ./cdp functions bench clean.js --events events.ndjson",
                "  ./cdp functions bench clean.js --events events.ndjson --compare-node --duration 20s",
                "  ./cdp functions bench --suite                      # trivial, clean+enrich, compute vs Node.js"})
public class FunctionsBenchCommand implements Callable<Integer> {
    private static final List<String> SUITE = List.of("trivial.js", "clean-enrich.js", "compute.js");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FUNCTION.js", description = "The function (not with --suite).")
    Path function;

    @Option(names = "--events", paramLabel = "FILE", description = "Events to cycle through, NDJSON (not with --suite).")
    Path events;

    @Option(names = "--suite", description = "Run the bundled benchmark functions on generated events, against Node.js.")
    boolean suite;

    @Option(names = "--compare-node", description = "Also run the function in Node.js (node on the PATH) and print the ratio.")
    boolean compareNode;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", description = "Measured time per run (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "30s", description = "Warm-up time per run (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Concurrent calls on the Java side (default: ${DEFAULT-VALUE}, like Node's single thread).")
    int threads;

    @Option(names = "--props", paramLabel = "FILE", description = "ctx.props, a JSON object.")
    Path props;

    @Mixin
    LocalRuntimeOptions runtimeOptions;

    /** One row of the result table. */
    private record Row(String function, String engine, JavaBench.Measurement measurement, boolean node) {
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
                functions.add(NodeBench.extract(name, work, name.replace(".js", ".mjs")));
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
        JsonNode propsJson = props == null ? null : LocalInputs.object(props, "props file");
        boolean withNode = suite || compareNode;
        String nodeVersion = withNode ? NodeBench.version() : null;
        if (withNode && nodeVersion == null) {
            err.println("cdp: node is not installed: measuring the Java side only (apt-get install nodejs)");
        }
        Path runner = nodeVersion == null ? null : NodeBench.extract("node-bench.mjs", work, "node-bench.mjs");

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
                rows.add(new Row(name, engine, result, false));
            }
            if (runner != null) {
                Path module = file.toString().endsWith(".mjs") ? file : copyAsModule(file, work);
                err.printf("%s on Node.js %s ...%n", name, nodeVersion);
                err.flush();
                JavaBench.Measurement result = NodeBench.measure(runner, module, eventsFile, warm, measured,
                        propsJson == null ? null : propsJson.toString(), line -> {
                            err.println("  " + line.split(" ")[1] + " events");
                            err.flush();
                        });
                rows.add(new Row(name, "Node.js " + nodeVersion, result, true));
            }
        }
        print(rows, out);
        return 0;
    }

    private static Path copyAsModule(Path file, Path work) throws IOException {
        Path target = work.resolve(file.getFileName().toString().replaceAll("\\.js$", "") + "-user.mjs");
        Files.copy(file, target);
        return target;
    }

    private static void print(List<Row> rows, PrintWriter out) {
        out.println();
        out.printf("%-14s %-44s %14s %8s %9s%n", "FUNCTION", "ENGINE", "EVENTS/S", "ERRORS", "VS NODE");
        for (Row row : rows) {
            Row node = rows.stream().filter(other -> other.node() && other.function().equals(row.function()))
                    .findFirst().orElse(null);
            String ratio = node == null ? "-" : String.format(Locale.ROOT, "%.2fx",
                    row.measurement().eventsPerSecond() / node.measurement().eventsPerSecond());
            out.printf(Locale.ROOT, "%-14s %-44s %,14.0f %8d %9s%n", row.function(), shorten(row.engine()),
                    row.measurement().eventsPerSecond(), row.measurement().errors(), ratio);
        }
    }

    private static String shorten(String engine) {
        return engine.length() <= 44 ? engine : engine.substring(0, 41) + "...";
    }
}
