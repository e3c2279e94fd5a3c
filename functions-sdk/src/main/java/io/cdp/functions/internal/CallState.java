package io.cdp.functions.internal;

import io.cdp.functions.fetch.FetchCall;
import io.cdp.functions.store.KeyValueStore;
import io.cdp.functions.call.LogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The state of one function call while it runs: its deadline, the work that async host calls
 * (fetch) hand back to the context's thread, the logs and fetch calls recorded so far, and the
 * outcome once the function settled. Exactly one thread runs guest code for a call; other
 * threads (HTTP client, watchdog) only {@link #post} tasks or {@link #expire} it.
 */
public final class CallState {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;
    /** Log lines kept per call; later ones are counted, not kept. */
    public static final int MAX_LOG_ENTRIES = 200;
    /** Characters kept of one log line. */
    public static final int MAX_LOG_CHARS = 8192;

    private final KeyValueStore store;
    private final Supplier<String> contextJson;
    private final long deadlineNanos;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<LogEntry> logs = Collections.synchronizedList(new ArrayList<>());
    private final List<FetchCall> fetchCalls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger phase = new AtomicInteger(RUNNING);
    private volatile Outcome outcome;
    private volatile String limitMessage;
    private int droppedLogs;
    private long threadId = -1;
    private long allocatedAtStart;

    /** @param contextJson ctx's data fields as JSON, asked for when the function first touches one */
    public CallState(KeyValueStore store, Supplier<String> contextJson, long deadlineNanos) {
        this.store = store;
        this.contextJson = contextJson;
        this.deadlineNanos = deadlineNanos;
    }

    public KeyValueStore store() {
        return store;
    }

    String contextJson() {
        return contextJson == null ? "{}" : contextJson.get();
    }

    /**
     * Keeps a log line: at most {@link #MAX_LOG_ENTRIES} per call, each cut to
     * {@link #MAX_LOG_CHARS} characters, so a function logging in a loop cannot fill the heap.
     */
    public void log(String level, String message) {
        if (logs.size() >= MAX_LOG_ENTRIES) {
            droppedLogs++;
            return;
        }
        String kept = message.length() <= MAX_LOG_CHARS ? message
                : message.substring(0, MAX_LOG_CHARS) + "... (cut at " + MAX_LOG_CHARS + " characters)";
        logs.add(new LogEntry(Instant.now(), level, kept));
    }

    public void recordFetch(FetchCall call) {
        fetchCalls.add(call);
    }

    /** True when the deadline is past at {@code nowNanos} (a {@link System#nanoTime} value). */
    boolean overdue(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    /** Hands work to the call's thread (ignored once the call is over). */
    public void post(Runnable task) {
        if (phase.get() == RUNNING) {
            tasks.add(task);
        }
    }

    /**
     * What the function settled with: {@code code} 'E' with the events' JSON texts one per line,
     * 'D' for a drop (no text), 'X' with the error as JSON.
     */
    record Outcome(char code, String text) {
    }

    /** The function settled. Called on the call's own thread. */
    void settle(char code, String text) {
        outcome = new Outcome(code, text);
    }

    boolean settled() {
        return outcome != null;
    }

    /** How the function settled, null before it did. */
    Outcome outcome() {
        return outcome;
    }

    /** The next posted task, or null when the deadline passed first. */
    Runnable nextTask() throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        return remaining <= 0 ? null : tasks.poll(remaining, TimeUnit.NANOSECONDS);
    }

    /** Marks the call finished; false when the watchdog expired it first. */
    boolean finish() {
        return phase.compareAndSet(RUNNING, FINISHED);
    }

    /** Marks the call expired; false when it had already finished. */
    boolean expire() {
        if (phase.compareAndSet(RUNNING, EXPIRED)) {
            tasks.add(() -> { });
            return true;
        }
        return false;
    }

    boolean expired() {
        return phase.get() == EXPIRED;
    }

    public List<LogEntry> logs() {
        synchronized (logs) {
            if (droppedLogs == 0) {
                return List.copyOf(logs);
            }
            List<LogEntry> kept = new ArrayList<>(logs);
            kept.add(new LogEntry(Instant.now(), "warn", droppedLogs + " more log lines of this call were dropped "
                    + "(at most " + MAX_LOG_ENTRIES + " are kept per call)"));
            return List.copyOf(kept);
        }
    }

    /** Notes the thread that runs the call and what it had allocated so far (on that thread). */
    void started(long thread, long allocatedBytes) {
        threadId = thread;
        allocatedAtStart = allocatedBytes;
    }

    /** The thread that runs the call's guest code, -1 before it started. */
    long threadId() {
        return threadId;
    }

    long allocatedAtStart() {
        return allocatedAtStart;
    }

    /**
     * Stops the call for passing a limit other than time (the heap guard): like {@link #expire},
     * but the call then fails with {@code message}. False when it had already finished or expired.
     */
    boolean stopForLimit(String message) {
        if (phase.get() != RUNNING) {
            return false;
        }
        limitMessage = message;
        if (expire()) {
            return true;
        }
        limitMessage = null;
        return false;
    }

    /** Why the call was stopped when a limit other than time stopped it, else null. */
    String limitMessage() {
        return limitMessage;
    }

    public List<FetchCall> fetchCalls() {
        synchronized (fetchCalls) {
            return List.copyOf(fetchCalls);
        }
    }
}
