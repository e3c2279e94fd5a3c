package io.cdp.server.ingest;

import io.cdp.server.error.AppError;
import io.cdp.server.ingest.IngestConfig;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.workspaces.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Pipeline step 3: per-workspace rate limit on the number of events, one atomic Lua script
 * ({@code rate_limit.lua}) per request on the key {@code rate:{workspace_id}}. A workspace gets
 * at most its burst in any window (5 s) and its daily count per UTC day; a request that would
 * cross either is refused whole with 429 and the seconds to wait. Limits come from the tier, or
 * from the workspace's own values (enterprise). Thread-safe.
 */
public class RateLimiter {
    private static final String SCRIPT = load();

    private final UnifiedJedis redis;
    private final IngestConfig.RateLimits limits;
    private volatile String sha;

    public RateLimiter(UnifiedJedis redis, IngestConfig.RateLimits limits) {
        this.redis = redis;
        this.limits = limits;
    }

    /** The Redis key of a workspace's counters; the braces keep it on one Redis Cluster slot. */
    public static String key(String workspaceId) {
        return "rate:{" + workspaceId + "}";
    }

    /** Counts {@code events} against the owner's workspace, or throws a 429 {@link AppError}. */
    public void acquire(KeyOwner owner, int events) {
        int burst = owner.rateBurst() != null ? owner.rateBurst() : limits.of(Tier.of(owner.tier())).burst();
        long perDay = owner.ratePerDay() != null ? owner.ratePerDay() : limits.of(Tier.of(owner.tier())).perDay();
        long windowMs = limits.window().toMilliseconds();
        List<String> args = List.of(String.valueOf(events), String.valueOf(burst), String.valueOf(windowMs),
                String.valueOf(perDay));
        List<?> answer = run(List.of(key(owner.workspaceId())), args);
        if (((Long) answer.get(0)) == 1L) {
            return;
        }
        long retryMs = (Long) answer.get(1);
        int retrySeconds = (int) Math.max(1, (retryMs + 999) / 1000);
        long reason = (Long) answer.get(2);
        String windowText = windowMs % 1000 == 0 ? (windowMs / 1000) + " s" : windowMs + " ms";
        if (reason == 3) {
            throw AppError.tooManyRequests(events + " events in one request exceed the workspace's limit of "
                    + burst + " events per " + windowText + ": send smaller batches", retrySeconds);
        }
        if (reason == 2) {
            throw AppError.tooManyRequests("daily limit of " + perDay + " events reached for workspace "
                    + owner.workspaceId() + "; it resets at 00:00 UTC", retrySeconds);
        }
        throw AppError.tooManyRequests("rate limit of " + burst + " events per " + windowText
                + " reached for workspace " + owner.workspaceId() + "; retry after " + retrySeconds + " s",
                retrySeconds);
    }

    private List<?> run(List<String> keys, List<String> args) {
        try {
            String loaded = sha;
            if (loaded != null) {
                try {
                    return (List<?>) redis.evalsha(loaded, keys, args);
                } catch (JedisNoScriptException flushed) {
                    // Redis restarted or SCRIPT FLUSH: load it again below.
                }
            }
            sha = redis.scriptLoad(SCRIPT);
            return (List<?>) redis.evalsha(sha, keys, args);
        } catch (RuntimeException redisTrouble) {
            throw AppError.unavailable("rate limits cannot be checked right now; retry shortly", redisTrouble);
        }
    }

    private static String load() {
        try (InputStream in = RateLimiter.class.getResourceAsStream("rate_limit.lua")) {
            if (in == null) {
                throw new IllegalStateException("rate_limit.lua missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
