package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.enrich.GeoLocator;
import io.cdp.functions.store.InMemoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdp functions test}: runs a function file on one event or many in the very runtime the
 * rotor uses (same sandbox, limits and return rules), without a server, and prints what came out.
 */
@Command(
        name = "test",
        header = "Run a function on events locally, in exactly the rotor's engine (no server needed).",
        description = {
                "Prints the resulting event(s) as JSON, or says the event was dropped, then the function's logs"
                        + " and fetch calls. A throw, a timeout or a sandbox violation prints the error and exits 1.",
                "With --expect the output is compared to a file and the differences are shown (exit 4), so the"
                        + " command can serve as a unit test of the function in CI."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:the function ran on every event (and matched --expect)",
                "1:the function failed on an event (error printed) or could not be compiled",
                "2:invalid command line or input file",
                "4:the output differs from --expect (differences printed)"},
        footer = {
                "  ./cdp functions test functions-sdk/examples/route-table.js --event order.json",
                "  ./cdp functions test enrich.js --event e.json --props props.json \\",
                "      --allow-host api.example.com",
                "  ./cdp functions test dedupe.js --events events.ndjson --store seed.json",
                "  ./cdp functions test clean.js --event e.json --expect cleaned.json   # in CI",
                "  ./cdp functions test geo.js --event e.json --headers headers.json \\",
                "      --geo-db GeoLite2-City.mmdb"})
public class FunctionsTestCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int MISMATCH = 4;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION.js", description = "The function: an ES module with a default export.")
    Path function;

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    /** One event or a file of many. */
    static class Input {
        @Option(names = "--event", paramLabel = "FILE", description = "One event, a JSON object.") Path event;

        @Option(names = "--events", paramLabel = "FILE", description = "Many events, NDJSON (one JSON object per line).")
        Path events;
    }

    @Option(names = "--expect", paramLabel = "FILE",
            description = "Expected output. With --event: a JSON object, an array of events, or [] / null for "
                    + "dropped. With --events: NDJSON, one such value per event.")
    Path expect;

    @Mixin LocalRuntimeOptions runtimeOptions;
    @Mixin ContextFiles contextFiles;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (LocalInputs.BadInputException | IllegalArgumentException e) {
            err.println("cdp: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws LocalInputs.BadInputException {
        String code = LocalInputs.text(function, "function file");
        List<ObjectNode> events = input.event != null
                ? List.of(LocalInputs.object(input.event, "event file"))
                : LocalInputs.events(input.events);
        JsonNode propsJson = runtimeOptions.props();
        List<JsonNode> expected = expectations(events.size());
        InMemoryStore memory = contextFiles.store();
        Map<String, String> headerValues = contextFiles.headers();

        try (GeoLocator geo = contextFiles.openGeo(); FunctionRuntime runtime = new FunctionRuntime(runtimeOptions.config(1))) {
            out.printf("Running %s on %d event%s (%s)%n", function.getFileName(), events.size(),
                    events.size() == 1 ? "" : "s", runtime.describeMode());
            CompiledFunction compiled;
            try {
                compiled = runtime.compile(new FunctionCode("local", function.getFileName().toString(), 1, code));
            } catch (FunctionCompileException e) {
                err.println("cdp: " + e.getMessage());
                return FAILED;
            }
            int failures = 0;
            int mismatches = 0;
            for (int i = 0; i < events.size(); i++) {
                if (events.size() > 1) {
                    out.printf("%n--- event %d ---%n", i + 1);
                }
                FunctionResult result = runtime.invoke(compiled, events.get(i),
                        LocalRuntimeOptions.invocation(code, events.get(i), propsJson, memory, headerValues, geo));
                FunctionTestReport.print(result, out, err, function.getFileName().toString(), i + 1);
                if (result.failed()) {
                    failures++;
                } else if (expected != null && !matches(expected.get(i), result, out)) {
                    mismatches++;
                }
            }
            if (contextFiles.seedsStore() || !memory.snapshot().isEmpty()) {
                out.println();
                out.println("store after the run:");
                memory.snapshot().forEach((key, value) -> out.println("  " + key + " = " + value));
            }
            return summary(events.size(), failures, mismatches, expected != null, out);
        }
    }

    private List<JsonNode> expectations(int count) throws LocalInputs.BadInputException {
        if (expect == null) {
            return null;
        }
        List<JsonNode> values = input.event != null
                ? List.of(LocalInputs.json(expect, "expect file"))
                : LocalInputs.ndjson(expect, "expect file");
        if (values.size() != count) {
            throw new LocalInputs.BadInputException("expect file " + expect + " has " + values.size()
                    + " expectation(s) for " + count + " event(s): write one per event");
        }
        return values;
    }

    private boolean matches(JsonNode expectation, FunctionResult result, PrintWriter out) {
        ArrayNode wanted = FunctionRuntime.mapper().createArrayNode();
        if (expectation.isArray()) {
            wanted.addAll((ArrayNode) expectation);
        } else if (!expectation.isNull()) {
            wanted.add(expectation);
        }
        ArrayNode actual = FunctionRuntime.mapper().createArrayNode();
        result.events().forEach(actual::add);
        List<String> differences = JsonDiff.diff(wanted, actual);
        if (differences.isEmpty()) {
            out.println("matches the expected output");
            return true;
        }
        out.println("DIFFERS from the expected output (- expected, + actual; paths index the list of output events):");
        differences.forEach(line -> out.println("  " + line));
        return false;
    }

    private static int summary(int events, int failures, int mismatches, boolean expecting, PrintWriter out) {
        if (events > 1 || expecting) {
            List<String> parts = new ArrayList<>();
            parts.add(events + " event(s)");
            parts.add(failures + " failed");
            if (expecting) {
                parts.add(mismatches + " differ from --expect");
            }
            out.println();
            out.println(String.join(", ", parts));
        }
        if (failures > 0) {
            return FAILED;
        }
        return mismatches > 0 ? MISMATCH : 0;
    }
}
