package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.store.InMemoryStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A local function file compiled once in the rotor's runtime, as {@code cdp functions test} runs
 * it (same sandbox, default limits, ctx filled the same way, an empty in-memory store), run on
 * events one after the other: what a dry-run replay and the dashboard's function test use. Not
 * thread-safe; close it to free the runtime.
 *
 * <pre>{@code
 * try (LocalFunctionSession session = LocalFunctionSession.open(Path.of("fixed.js"))) {
 *     FunctionResult result = session.run(event);
 * }
 * }</pre>
 */
public final class LocalFunctionSession implements AutoCloseable {
    private final Path file;
    private final String code;
    private final FunctionRuntime runtime;
    private final CompiledFunction compiled;
    private final InMemoryStore store = new InMemoryStore();

    private LocalFunctionSession(Path file, String code, FunctionRuntime runtime, CompiledFunction compiled) {
        this.file = file;
        this.code = code;
        this.runtime = runtime;
        this.compiled = compiled;
    }

    /**
     * Reads and compiles the file.
     *
     * @throws IllegalArgumentException the file cannot be read, or does not compile (the message says why)
     */
    public static LocalFunctionSession open(Path file) {
        String code;
        try {
            code = LocalInputs.text(file, "function file");
        } catch (LocalInputs.BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        FunctionRuntime runtime = new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(1));
        try {
            CompiledFunction compiled = runtime.compile(new FunctionCode("local", file.getFileName().toString(), 1,
                    code));
            return new LocalFunctionSession(file, code, runtime, compiled);
        } catch (FunctionCompileException e) {
            runtime.close();
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Runs the function on a copy of {@code event}. */
    public FunctionResult run(ObjectNode event) {
        ObjectNode copy = event.deepCopy();
        return runtime.invoke(compiled, copy, LocalRuntimeOptions.invocation(code, copy, null, store, Map.of(), null));
    }

    /** Runs the function and returns what {@code cdp functions test} prints for it, line by line. */
    public Report report(ObjectNode event, int number) {
        FunctionResult result = run(event);
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text); PrintWriter ignored = new PrintWriter(new StringWriter())) {
            FunctionTestReport.print(result, out, ignored, fileName(), number);
        }
        return new Report(result, List.of(text.toString().split("\\R")));
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    /** Whether the runtime is the compiled (JIT) one or the interpreter, as the test command says it. */
    public String describeMode() {
        return runtime.describeMode();
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** One run: its result, and the lines {@code cdp functions test} shows for it. */
    public record Report(FunctionResult result, List<String> lines) {
    }
}
