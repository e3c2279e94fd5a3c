package io.cdp.functions;

import io.cdp.functions.fetch.FetchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and policies of a {@link FunctionRuntime}. The defaults suit the rotor and
 * {@code cdp functions test} alike, so both run functions under exactly the same rules.
 *
 * @param poolSize       how many contexts (and so how many concurrent calls) the runtime keeps
 * @param timeLimit      wall-clock limit of one call, including the time spent awaiting fetch/store
 * @param statementLimit JavaScript statements one call may execute (0 = no limit); a guard against
 *                       runaway loops that is exact even when the machine is slow
 * @param fetch          which hosts {@code ctx.fetch} may reach, and its timeout
 */
public record RuntimeConfig(int poolSize, Duration timeLimit, long statementLimit, FetchPolicy fetch) {
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);
    public static final long DEFAULT_STATEMENT_LIMIT = 50_000_000L;

    public RuntimeConfig {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
        }
        if (statementLimit < 0) {
            throw new IllegalArgumentException("statementLimit must be 0 (off) or positive, was " + statementLimit);
        }
        Objects.requireNonNull(fetch, "fetch");
    }

    /** Defaults: 8 contexts, 5 s per call, 50 M statements, fetch to no host at all. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(DEFAULT_POOL_SIZE, DEFAULT_TIME_LIMIT, DEFAULT_STATEMENT_LIMIT,
                new FetchPolicy(List.of(), FetchPolicy.DEFAULT_TIMEOUT));
    }

    public RuntimeConfig withPoolSize(int size) {
        return new RuntimeConfig(size, timeLimit, statementLimit, fetch);
    }

    public RuntimeConfig withTimeLimit(Duration limit) {
        return new RuntimeConfig(poolSize, limit, statementLimit, fetch);
    }

    public RuntimeConfig withStatementLimit(long limit) {
        return new RuntimeConfig(poolSize, timeLimit, limit, fetch);
    }

    public RuntimeConfig withFetch(FetchPolicy policy) {
        return new RuntimeConfig(poolSize, timeLimit, statementLimit, policy);
    }
}
