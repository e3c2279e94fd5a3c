package io.cdp.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionError;
import io.cdp.functions.call.FunctionError.Kind;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.FunctionResult.Outcome;
import io.cdp.functions.store.InMemoryStore;
import io.cdp.functions.store.KeyValueStore;
import io.cdp.functions.call.RuntimeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * Runs one call on a pooled context under the limits: borrows a context, arms the watchdog,
 * runs the function, then serves the tasks async host calls post (fetch replies) until the
 * function's promise settles or the deadline passes. A context that was cancelled (time,
 * statement or memory limit) is discarded, never reused. Contexts are pooled per workspace
 * ({@link ContextPool}); the {@link HeapGuard} stops the call that fills the heap.
 */
public final class FunctionCall implements AutoCloseable {
    private final ContextPool pool;
    private final RuntimeConfig config;
    private final ObjectMapper mapper;
    private final Watchdog watchdog;
    private final HeapGuard heapGuard;

    public FunctionCall(ContextFactory factory, RuntimeConfig config, ObjectMapper mapper) {
        this.pool = new ContextPool(config.poolSize(), config.maxContexts(), factory::create);
        this.config = config;
        this.mapper = mapper;
        this.watchdog = new Watchdog(config.timeLimit());
        this.heapGuard = config.heapLimitPercent() > 0 ? new HeapGuard(config.heapLimitPercent(), watchdog, pool) : null;
    }

    /** Evaluates the function's module only (compile-time check). */
    public FunctionResult load(CompiledFunction function) {
        return execute(function, null, null, new InMemoryStore());
    }

    /**
     * Runs {@code function} on the event. {@code contextJson} gives ctx's data fields as JSON; it is
     * asked for only if the function touches one of them.
     */
    public FunctionResult run(CompiledFunction function, String eventJson, Supplier<String> contextJson,
                              KeyValueStore store) {
        return execute(function, eventJson, contextJson, store);
    }

    private FunctionResult execute(CompiledFunction function, String eventJson, Supplier<String> contextJson,
                                   KeyValueStore store) {
        long started = System.nanoTime();
        PooledContext context;
        try {
            context = pool.borrow(function.workspaceId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(Kind.THROW, "interrupted while waiting for a free function context", null, null, started);
        }
        // The limit starts once the call has its context: creating one (on first use) is not the function's time.
        CallState call = new CallState(store, contextJson, System.nanoTime() + config.timeLimit().toNanos());
        call.started(Thread.currentThread().getId(), ThreadAllocations.current());
        watchdog.watch(call, context);
        boolean reusable = false;
        try {
            context.begin(call, config.statementLimit() > 0);
            Value fn = context.load(function.key(), function.source(), function.name());
            if (eventJson == null) {
                reusable = call.finish();
                return reusable ? result(Outcome.EVENTS, List.of(), null, call, started) : timeout(call, started);
            }
            context.run(fn, eventJson);
            while (!call.settled() && !call.expired()) {
                Runnable task = call.nextTask();
                if (task == null) {
                    call.expire();
                    break;
                }
                task.run();
            }
            if (!call.settled() || !call.finish()) {
                return timeout(call, started);
            }
            reusable = true;
            return decode(call, started);
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() || call.expired()) {
                boolean stoppedByHost = call.expired();
                call.expire();
                if (call.limitMessage() != null) {
                    return failure(Kind.LIMIT, call.limitMessage(), null, call, started);
                }
                if (statementLimitHit(e)) {
                    return failure(Kind.TIMEOUT, "the function exceeded the statement limit of "
                            + config.statementLimit() + " (an endless loop?)", null, call, started);
                }
                if (e.isResourceExhausted() && !stoppedByHost && outOfMemory(e)) {
                    return outOfMemory(call, started);
                }
                return timeout(call, started);
            }
            reusable = !e.isInternalError() && call.finish();
            return failure(Kind.THROW, e.getMessage(), guestStack(e), call, started);
        } catch (FunctionLoadException e) {
            reusable = call.finish();
            return failure(Kind.THROW, e.getMessage(), null, call, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.expire();
            return failure(Kind.THROW, "interrupted while the function ran", null, call, started);
        } catch (IllegalStateException e) {
            // The watchdog (or the heap guard) closed the context between two host calls.
            call.expire();
            return call.limitMessage() != null ? failure(Kind.LIMIT, call.limitMessage(), null, call, started)
                    : timeout(call, started);
        } catch (OutOfMemoryError e) {
            // A last resort only: the heap guard should have stopped the call long before. What the
            // call held is freed once its context is discarded below.
            call.expire();
            return outOfMemory(call, started);
        } finally {
            watchdog.release(call);
            if (reusable) {
                pool.release(context);
            } else {
                pool.discard(context);
            }
        }
    }

    private static boolean outOfMemory(PolyglotException e) {
        return e.getMessage() != null && (e.getMessage().contains("heap space") || e.getMessage().contains("OutOfMemory")
                || e.getMessage().contains("GC overhead"));
    }

    private static FunctionResult outOfMemory(CallState call, long started) {
        return failure(Kind.LIMIT, "the function was stopped by the memory limit: the JVM ran out of heap while it "
                + "ran", null, call, started);
    }

    private static boolean statementLimitHit(PolyglotException e) {
        return e.getMessage() != null && e.getMessage().contains("Statement count limit");
    }

    private FunctionResult decode(CallState call, long started) {
        CallState.Outcome outcome = call.outcome();
        String text = outcome.text();
        if (text != null && text.length() > config.maxOutputChars() + 1) {
            return failure(Kind.LIMIT, "the function's output is over the limit of " + config.maxOutputChars()
                    + " characters of JSON (all events of one call together)", null, call, started);
        }
        switch (outcome.code()) {
            case 'E' -> {
                return result(Outcome.EVENTS, lines(text), null, call, started);
            }
            case 'D' -> {
                return result(Outcome.DROPPED, List.of(), null, call, started);
            }
            default -> {
                JsonNode error;
                try {
                    error = mapper.readTree(text);
                } catch (IOException e) {
                    return failure(Kind.THROW, "the function's error could not be read: " + e.getMessage(), null, call,
                            started);
                }
                Kind kind = Kind.valueOf(error.path("kind").asText("THROW"));
                JsonNode stack = error.get("stack");
                return failure(kind, error.path("message").asText(),
                        stack == null || stack.isNull() ? null : stack.asText(), call, started);
            }
        }
    }

    /** The events' JSON texts, one per line (JSON.stringify escapes every newline inside strings). */
    private static List<String> lines(String text) {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return List.of(text);
        }
        List<String> events = new ArrayList<>();
        int start = 0;
        while (newline >= 0) {
            events.add(text.substring(start, newline));
            start = newline + 1;
            newline = text.indexOf('\n', start);
        }
        events.add(text.substring(start));
        return events;
    }

    private FunctionResult timeout(CallState call, long started) {
        return failure(Kind.TIMEOUT, "the function did not finish within " + config.timeLimit().toMillis()
                + " ms and was stopped", null, call, started);
    }

    private static String guestStack(PolyglotException e) {
        StringBuilder stack = new StringBuilder();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame()) {
                stack.append("    at ").append(frame).append('\n');
            }
        }
        return stack.length() == 0 ? null : stack.toString();
    }

    private static FunctionResult failure(Kind kind, String message, String stack, CallState call, long started) {
        return result(Outcome.ERROR, List.of(), new FunctionError(kind, message, stack), call, started);
    }

    private static FunctionResult result(Outcome outcome, List<String> events, FunctionError error,
                                         CallState call, long started) {
        return new FunctionResult(outcome, events, error,
                call == null ? List.of() : call.logs(),
                call == null ? List.of() : call.fetchCalls(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Contexts open now, idle and busy (for tests). */
    public int openContexts() {
        return pool.open();
    }

    @Override
    public void close() {
        if (heapGuard != null) {
            heapGuard.close();
        }
        watchdog.close();
        pool.close();
    }
}
