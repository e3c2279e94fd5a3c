package io.cdp.functions.call;

import io.cdp.functions.fetch.FetchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and policies of a {@link io.cdp.functions.FunctionRuntime}. The defaults suit the rotor and
 * {@code cdp functions test} alike, so both run functions under exactly the same rules.
 *
 * @param poolSize         how many calls run at once (each on a context of its own)
 * @param maxContexts      how many contexts the runtime keeps open at most, idle ones included;
 *                         contexts belong to one workspace, so this bounds how many workspaces stay
 *                         warm (the least recently used idle context makes room); at least poolSize
 * @param timeLimit        wall-clock limit of one call, including the time spent awaiting fetch/store
 * @param statementLimit   JavaScript statements one call may execute (0 = no limit); a guard against
 *                         runaway loops that is exact even when the machine is slow
 * @param fetch            which hosts {@code ctx.fetch} may reach, its timeout and response size limit
 * @param maxOutputChars   characters of JSON one call may return, all its events together
 * @param heapLimitPercent when a garbage collection leaves the JVM heap fuller than this (percent of
 *                         the maximum heap), the running call that allocated the most is stopped and
 *                         idle contexts are dropped; 0 turns the guard off
 */
public record RuntimeConfig(int poolSize, int maxContexts, Duration timeLimit, long statementLimit, FetchPolicy fetch,
                            int maxOutputChars, int heapLimitPercent) {
    public static final int DEFAULT_POOL_SIZE = 8;
    /** An idle context of a typical function holds about 0.2 MB; creating one costs milliseconds. */
    public static final int DEFAULT_MAX_CONTEXTS = 128;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);
    public static final long DEFAULT_STATEMENT_LIMIT = 50_000_000L;
    /** 4 Mi characters: far above any real event batch, far below what hurts the heap. */
    public static final int DEFAULT_MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
    public static final int DEFAULT_HEAP_LIMIT_PERCENT = 85;

    public RuntimeConfig {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (maxContexts < poolSize) {
            throw new IllegalArgumentException("maxContexts (" + maxContexts + ") must be at least poolSize ("
                    + poolSize + "): every running call needs a context");
        }
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
        }
        if (statementLimit < 0) {
            throw new IllegalArgumentException("statementLimit must be 0 (off) or positive, was " + statementLimit);
        }
        Objects.requireNonNull(fetch, "fetch");
        if (maxOutputChars < 2) {
            throw new IllegalArgumentException("maxOutputChars must be at least 2 ({}), was " + maxOutputChars);
        }
        if (heapLimitPercent < 0 || heapLimitPercent > 99) {
            throw new IllegalArgumentException("heapLimitPercent must be 0 (off) to 99, was " + heapLimitPercent);
        }
    }

    /** The other limits at their defaults. */
    public RuntimeConfig(int poolSize, Duration timeLimit, long statementLimit, FetchPolicy fetch) {
        this(poolSize, Math.max(poolSize, DEFAULT_MAX_CONTEXTS), timeLimit, statementLimit, fetch,
                DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_HEAP_LIMIT_PERCENT);
    }

    /**
     * Defaults: 8 calls at once, 128 contexts, 5 s and 50 M statements per call, 4 Mi characters
     * of output, the heap guard at 85 %, fetch to no host at all.
     */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(DEFAULT_POOL_SIZE, DEFAULT_TIME_LIMIT, DEFAULT_STATEMENT_LIMIT,
                new FetchPolicy(List.of(), FetchPolicy.DEFAULT_TIMEOUT));
    }

    /** Also raises maxContexts to {@code size} when it was lower. */
    public RuntimeConfig withPoolSize(int size) {
        return new RuntimeConfig(size, Math.max(size, maxContexts), timeLimit, statementLimit, fetch, maxOutputChars,
                heapLimitPercent);
    }

    public RuntimeConfig withMaxContexts(int contexts) {
        return new RuntimeConfig(poolSize, contexts, timeLimit, statementLimit, fetch, maxOutputChars,
                heapLimitPercent);
    }

    public RuntimeConfig withTimeLimit(Duration limit) {
        return new RuntimeConfig(poolSize, maxContexts, limit, statementLimit, fetch, maxOutputChars,
                heapLimitPercent);
    }

    public RuntimeConfig withStatementLimit(long limit) {
        return new RuntimeConfig(poolSize, maxContexts, timeLimit, limit, fetch, maxOutputChars, heapLimitPercent);
    }

    public RuntimeConfig withFetch(FetchPolicy policy) {
        return new RuntimeConfig(poolSize, maxContexts, timeLimit, statementLimit, policy, maxOutputChars,
                heapLimitPercent);
    }

    public RuntimeConfig withMaxOutputChars(int chars) {
        return new RuntimeConfig(poolSize, maxContexts, timeLimit, statementLimit, fetch, chars, heapLimitPercent);
    }

    public RuntimeConfig withHeapLimitPercent(int percent) {
        return new RuntimeConfig(poolSize, maxContexts, timeLimit, statementLimit, fetch, maxOutputChars, percent);
    }
}
