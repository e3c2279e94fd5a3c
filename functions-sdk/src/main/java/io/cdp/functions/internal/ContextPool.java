package io.cdp.functions.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Contexts pooled per workspace: a context (one JavaScript realm) only ever runs the functions of
 * the workspace it was created for, so one workspace's changes to globals or built-in prototypes
 * never reach another's functions or events. A context on a shared engine reuses the engine's
 * parsed code, which makes a call 30-40x cheaper than a fresh context, so contexts are kept.
 *
 * <p>Two bounds: at most {@code concurrency} calls hold a context at once ({@link #borrow} blocks
 * beyond that), and at most {@code maxContexts} contexts are open, idle ones included. When a
 * workspace needs a context and the limit is reached, the least recently used idle context (of
 * any workspace) is closed to make room; since {@code maxContexts >= concurrency}, one is always
 * idle then. A context that was cancelled (time, statement or memory limit) is
 * {@link #discard discarded}; {@link #retireAll} drops every context once its current call ends.
 * Thread-safe.
 */
final class ContextPool {
    private final Semaphore permits;
    private final int maxContexts;
    private final Function<String, PooledContext> factory;
    /** Idle contexts by workspace, most recently released last. Guarded by this. */
    private final Map<String, ArrayDeque<PooledContext>> idle = new HashMap<>();
    /** Every idle context, least recently released first (the eviction order). Guarded by this. */
    private final LinkedHashSet<PooledContext> idleOrder = new LinkedHashSet<>();
    /** Contexts open or being created, idle and busy. Guarded by this. */
    private int open;
    /** Contexts created before the last retireAll() are closed instead of reused. Guarded by this. */
    private long generation;
    private boolean closed;

    ContextPool(int concurrency, int maxContexts, Function<String, PooledContext> factory) {
        if (maxContexts < concurrency) {
            throw new IllegalArgumentException("maxContexts must be at least the concurrency");
        }
        this.permits = new Semaphore(concurrency, true);
        this.maxContexts = maxContexts;
        this.factory = factory;
    }

    /** A context of {@code workspace}: an idle one, a new one, or a new one in place of an evicted one. */
    PooledContext borrow(String workspace) throws InterruptedException {
        permits.acquire();
        PooledContext evicted = null;
        long created;
        synchronized (this) {
            if (closed) {
                permits.release();
                throw new IllegalStateException("the function runtime is closed");
            }
            ArrayDeque<PooledContext> mine = idle.get(workspace);
            if (mine != null) {
                PooledContext context = mine.pollLast();
                if (mine.isEmpty()) {
                    idle.remove(workspace);
                }
                idleOrder.remove(context);
                return context;
            }
            if (open >= maxContexts) {
                evicted = evictEldest();
            } else {
                open++;
            }
            created = generation;
        }
        if (evicted != null) {
            evicted.close();
        }
        try {
            PooledContext context = factory.apply(workspace);
            context.generation(created);
            return context;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                open--;
            }
            permits.release();
            throw e;
        }
    }

    private PooledContext evictEldest() {
        Iterator<PooledContext> eldest = idleOrder.iterator();
        PooledContext context = eldest.next();
        eldest.remove();
        ArrayDeque<PooledContext> same = idle.get(context.workspace());
        same.remove(context);
        if (same.isEmpty()) {
            idle.remove(context.workspace());
        }
        return context;
    }

    void release(PooledContext context) {
        boolean keep;
        synchronized (this) {
            keep = !closed && context.generation() == generation;
            if (keep) {
                idle.computeIfAbsent(context.workspace(), key -> new ArrayDeque<>()).addLast(context);
                idleOrder.add(context);
            } else {
                open--;
            }
        }
        if (!keep) {
            context.close();
        }
        permits.release();
    }

    void discard(PooledContext context) {
        synchronized (this) {
            open--;
        }
        context.close();
        permits.release();
    }

    /**
     * Closes every idle context now and every busy one when its call ends: what functions keep in
     * module-level variables is freed (used when the heap runs full).
     *
     * @return how many idle contexts were closed
     */
    int retireAll() {
        List<PooledContext> closing;
        synchronized (this) {
            generation++;
            closing = new ArrayList<>(idleOrder);
            idleOrder.clear();
            idle.clear();
            open -= closing.size();
        }
        closing.forEach(PooledContext::close);
        return closing.size();
    }

    /** Contexts open now (idle and busy): for tests and metrics. */
    synchronized int open() {
        return open;
    }

    void close() {
        List<PooledContext> closing;
        synchronized (this) {
            closed = true;
            closing = new ArrayList<>(idleOrder);
            idleOrder.clear();
            idle.clear();
            open -= closing.size();
        }
        closing.forEach(PooledContext::close);
    }
}
