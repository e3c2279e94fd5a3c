package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.FunctionError;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.store.InMemoryStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cdp.functions.internal.ContextFactory;
import io.cdp.functions.internal.FunctionCall;
import io.cdp.functions.internal.HttpFetcher;
import io.cdp.functions.internal.ModuleImports;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

/**
 * Runs Jitsu-compatible JavaScript functions on GraalJS: one shared {@link Engine}, sandboxed
 * contexts pooled per workspace, each function's source parsed once. The rotor and {@code cdp
 * functions test} both use this class, so a function behaves the same in both.
 *
 * <p>Sandbox: no host classes or objects, no file, process, thread, environment or native access,
 * {@code SandboxPolicy.CONSTRAINED}; a wall-clock limit and a statement limit per call (a runaway
 * function is cancelled, reported as {@link FunctionError.Kind#TIMEOUT}, and its context
 * replaced); {@code ctx.fetch} only to the hosts of the {@link FetchPolicy}.
 *
 * <p>Isolation: a context (one JavaScript realm) only ever runs the functions of one workspace
 * ({@link FunctionCode#workspaceId()}), so prototypes, globals and built-ins one workspace's code
 * changes are never seen by another's. At most {@link RuntimeConfig#maxContexts()} contexts stay
 * open; the least recently used idle one makes room for a workspace without one.
 *
 * <p>Memory: GraalJS Community cannot limit a context's heap, so what can be bounded is: a fetch
 * response ({@link FetchPolicy#maxResponseBytes()}), a call's output
 * ({@link RuntimeConfig#maxOutputChars()}), its log lines and store values; and a heap guard stops
 * the call that allocated the most when a garbage collection leaves the heap fuller than
 * {@link RuntimeConfig#heapLimitPercent()}. All are reported as {@link FunctionError.Kind#LIMIT}.
 *
 * <p>Thread-safe: up to {@link RuntimeConfig#poolSize()} calls run at once, further callers
 * wait for a free context.
 *
 * <pre>{@code
 * try (FunctionRuntime runtime = new FunctionRuntime(RuntimeConfig.defaults())) {
 *     CompiledFunction fn = runtime.compile(new FunctionCode("f1", "clean", 1, code));
 *     FunctionResult result = runtime.invoke(fn, event, Invocation.minimal(new InMemoryStore()));
 * }
 * }</pre>
 */
public final class FunctionRuntime implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final RuntimeConfig config;
    private final Engine engine;
    private final HttpFetcher fetcher;
    private final FunctionCall calls;

    public FunctionRuntime(RuntimeConfig config) {
        this.config = config;
        this.engine = ContextFactory.newEngine();
        this.fetcher = new HttpFetcher(config.fetch(), MAPPER);
        this.calls = new FunctionCall(new ContextFactory(engine, config, fetcher, MAPPER), config, MAPPER);
    }

    public RuntimeConfig config() {
        return config;
    }

    /** The Truffle runtime's name, e.g. "Interpreted" without the Graal compiler. */
    public String engineName() {
        return engine.getImplementationName();
    }

    /** "jit" when the optimizing compiler is active, else "interpreter". */
    public String mode() {
        return isJit(engineName()) ? "jit" : "interpreter";
    }

    /** One line for logs and CLI output: mode, runtime name, and what to do for the JIT. */
    public String describeMode() {
        return mode().equals("jit")
                ? "GraalJS JIT (" + engineName() + ")"
                : "GraalJS interpreter (" + engineName() + "; the JIT needs a JDK 25 with the Graal compiler "
                        + "jars on --upgrade-module-path, which ./cdp sets up)";
    }

    /** Whether a Truffle runtime of this name compiles (any but "Interpreted"). */
    public static boolean isJit(String implementationName) {
        return !implementationName.toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    /**
     * Checks and parses {@code code}: imports, syntax, a default export that is a function, and
     * top-level code that runs without error (within the time limit).
     */
    public CompiledFunction compile(FunctionCode code) throws FunctionCompileException {
        String text;
        try {
            text = ModuleImports.rewrite(code.code(), code.name());
        } catch (IllegalArgumentException e) {
            throw new FunctionCompileException(e.getMessage());
        }
        Source source = Source.newBuilder("js", text, sourceName(code.name()))
                .mimeType("application/javascript+module")
                .cached(true)
                .buildLiteral();
        CompiledFunction function = CompiledFunction.of(code, source);
        FunctionResult loaded = calls.load(function);
        if (loaded.failed()) {
            throw new FunctionCompileException("cannot load " + code.name() + ": " + loaded.error().message());
        }
        return function;
    }

    /** Runs {@code function} on {@code event}; never throws for anything the function does. */
    public FunctionResult invoke(CompiledFunction function, ObjectNode event, Invocation invocation) {
        return invokeJson(function, write(event), invocation);
    }

    /** Same as {@link #invoke}, with the event already serialised (saves a round trip). */
    public FunctionResult invokeJson(CompiledFunction function, String eventJson, Invocation invocation) {
        return calls.run(function, eventJson, () -> write(invocation), invocation.store());
    }

    /** Contexts open now, idle and busy, of every workspace (at most {@link RuntimeConfig#maxContexts()}). */
    public int openContexts() {
        return calls.openContexts();
    }

    private static String sourceName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.endsWith(".js") || safe.endsWith(".mjs") ? safe.replaceAll("\\.m?js$", ".mjs") : safe + ".mjs";
    }

    /** {@code event} as the JSON text functions receive. */
    static String json(ObjectNode event) {
        return write(event);
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON mapper the runtime uses (ISO timestamps); shared so callers serialise alike. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public void close() {
        calls.close();
        fetcher.close();
        engine.close(true);
    }
}
