package io.cdp.functions.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * One sandboxed GraalJS context (one JavaScript realm) of one workspace, with the prelude loaded
 * and the modules of the workspace's functions it ran (at most {@link #MAX_MODULES}, least
 * recently used dropped). Used by one call at a time.
 */
final class PooledContext {
    private static final int MAX_MODULES = 256;

    private final String workspace;
    private final Context context;
    private final HostBridge bridge;
    private final Value run;
    private final Map<String, Value> modules = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Value> eldest) {
            return size() > MAX_MODULES;
        }
    };

    private long generation;

    PooledContext(String workspace, Context context, HostBridge bridge, Source prelude, int maxOutputChars) {
        this.workspace = workspace;
        this.context = context;
        this.bridge = bridge;
        context.eval(prelude);
        Value runtime = context.getBindings("js").getMember("__cdp");
        runtime.getMember("init").executeVoid(bridge, maxOutputChars);
        this.run = runtime.getMember("run");
    }

    /** The workspace whose functions, and only whose functions, this context runs. */
    String workspace() {
        return workspace;
    }

    long generation() {
        return generation;
    }

    void generation(long value) {
        generation = value;
    }

    Context context() {
        return context;
    }

    void begin(CallState call, boolean limited) {
        bridge.attach(call);
        if (limited) {
            context.resetLimits();
        }
    }

    /** The module's default export, evaluating the module on first use in this context. */
    Value load(String key, Source source, String name) {
        Value function = modules.get(key);
        if (function == null) {
            Value exports = context.eval(source);
            function = exports == null ? null : exports.getMember("default");
            if (function == null || !function.canExecute()) {
                throw new FunctionLoadException(name + " has no default export that is a function: write "
                        + "`export default async function (event, ctx) { ... }`");
            }
            modules.put(key, function);
        }
        return function;
    }

    void run(Value function, String eventJson) {
        run.executeVoid(function, eventJson);
    }

    void close() {
        try {
            context.close(true);
        } catch (RuntimeException alreadyClosing) {
            // A context the watchdog cancelled may still be closing; nothing else to release.
        }
    }
}
