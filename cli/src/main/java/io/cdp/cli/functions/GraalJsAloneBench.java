package io.cdp.cli.functions;

import io.cdp.functions.FunctionRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * "GraalJS alone": the benchmark's per-event work as Node.js does it (the shared harness
 * functions-sdk/bench/bench-core.mjs, all in JavaScript) in a plain GraalJS context on this JVM,
 * so with the same compiler mode as the runtime, but with no sandbox, no statement or time
 * limit and no host bridge. Its rate is what the engine itself reaches; the runtime's rate over
 * it is the share the runtime's sandbox, limits and JSON hand-over leave.
 *
 * <p>Single-threaded, like Node.js: the whole timed loop is one chain of promises that runs in
 * GraalJS's job queue, which the engine drains before a call from Java returns. Not thread-safe;
 * one instance measures one function.
 *
 * <pre>{@code
 * try (GraalJsAloneBench alone = new GraalJsAloneBench()) {
 *     Measurement m = alone.measure("trivial", code, eventsText, null, warmup, duration, count -> {});
 * }
 * }</pre>
 */
final class GraalJsAloneBench implements AutoCloseable {
    private static final String MODULE = "application/javascript+module";

    private final Context context = Context.newBuilder("js")
            .out(OutputStream.nullOutputStream())
            .err(OutputStream.nullOutputStream())
            .option("engine.WarnInterpreterOnly", "false")
            // The module's evaluation returns its namespace, so its default export can be read
            // without a loader (the runtime's ContextFactory loads functions the same way).
            .option("js.esm-eval-returns-exports", "true")
            .build();

    /** For the table: "GraalJS alone, JIT (GraalVM CE)" or "GraalJS alone, interpreter". */
    String describe() {
        String runtime = context.getEngine().getImplementationName();
        return FunctionRuntime.isJit(runtime) ? "GraalJS alone, JIT (" + runtime + ")" : "GraalJS alone, interpreter";
    }

    /**
     * Warms up, then measures {@code code}'s default export over the NDJSON {@code eventsText}
     * with {@code propsJson} (null: none) as ctx.props; {@code progress} gets the events done
     * about once a second of the measured run. Throws when the function cannot be loaded or the
     * run does not finish (a promise that never settles).
     */
    JavaBench.Measurement measure(String name, String code, String eventsText, String propsJson, Duration warmup,
                                  Duration duration, LongConsumer progress) throws IOException {
        try {
            Value function = module(name + ".mjs", code).getMember("default");
            if (function == null || !function.canExecute()) {
                throw new IOException("GraalJS alone: " + name + " has no default export that is a function");
            }
            ProxyExecutable clock = arguments -> System.nanoTime() / 1e6;
            Value bench = module(BenchResources.CORE, BenchResources.text(BenchResources.CORE))
                    .getMember("benchmark").execute(function, eventsText, propsJson == null ? "" : propsJson, clock);
            run(bench, warmup, null);
            ProxyExecutable report = arguments -> {
                progress.accept(arguments[1].asLong());
                return null;
            };
            Value result = run(bench, duration, report);
            return new JavaBench.Measurement(result.getMember("events").asLong(),
                    result.getMember("seconds").asDouble(), result.getMember("errors").asLong());
        } catch (PolyglotException e) {
            throw new IOException("GraalJS alone failed on " + name + ": " + e.getMessage());
        }
    }

    private Value module(String fileName, String code) {
        return context.eval(Source.newBuilder("js", code, fileName).mimeType(MODULE).buildLiteral());
    }

    /** One runFor of the harness; its result object. */
    private static Value run(Value bench, Duration length, ProxyExecutable report) throws IOException {
        // runFor's loop runs in the job queue, drained before invokeMember returns; then() hands
        // the settled value over the same way.
        Value promise = bench.invokeMember("runFor", length.toMillis(), report);
        Value[] settled = new Value[2];
        promise.invokeMember("then",
                (ProxyExecutable) arguments -> settled[0] = arguments[0],
                (ProxyExecutable) arguments -> settled[1] = arguments[0]);
        if (settled[1] != null) {
            throw new IOException("GraalJS alone: the benchmark harness failed: " + settled[1]);
        }
        if (settled[0] == null) {
            throw new IOException("GraalJS alone: the run did not finish (a promise the function awaits never settles)");
        }
        return settled[0];
    }

    @Override
    public void close() {
        context.close(true);
    }
}
