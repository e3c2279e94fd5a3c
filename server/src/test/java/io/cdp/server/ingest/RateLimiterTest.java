package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.error.AppError;
import io.cdp.server.ingest.IngestConfig;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The Lua rate limit on the real Redis; each test uses its own workspace id, so its own counters. */
class RateLimiterTest {
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private final RateLimiter limiter = new RateLimiter(REDIS, new IngestConfig.RateLimits());

    @AfterAll
    static void close() {
        REDIS.close();
    }

    private static KeyOwner enterprise(Integer burst, Long perDay) {
        return new KeyOwner("key", "src", TestServices.uniqueName("ws"), "enterprise", burst, perDay, null, null);
    }

    private static AppError refusal(Runnable call) {
        try {
            call.run();
        } catch (AppError error) {
            return error;
        }
        throw new AssertionError("expected a 429");
    }

    @Test
    void theBurstPassesAndTheNextEventIsRefusedWithRetryAfter() {
        KeyOwner owner = enterprise(10, 1000L);
        limiter.acquire(owner, 4);
        limiter.acquire(owner, 6);
        AppError refused = refusal(() -> limiter.acquire(owner, 1));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 10));
        assertThat(refused.getMessage()).contains("10 events per 5 s", owner.workspaceId());
        assertThat(REDIS.exists(RateLimiter.key(owner.workspaceId()))).isTrue();
    }

    @Test
    void aRequestLargerThanTheBurstCanNeverPass() {
        KeyOwner owner = enterprise(10, 1000L);
        assertThat(refusal(() -> limiter.acquire(owner, 11)).getMessage()).contains("send smaller batches");
        limiter.acquire(owner, 10); // nothing was counted for the refused request
    }

    @Test
    void theDailyCapHoldsUntilMidnightUtc() {
        KeyOwner owner = enterprise(100, 15L);
        limiter.acquire(owner, 15);
        AppError refused = refusal(() -> limiter.acquire(owner, 1));
        assertThat(refused.getMessage()).contains("daily limit of 15", "00:00 UTC");
        assertThat(refused.retryAfterSeconds()).hasValueSatisfying(seconds ->
                assertThat(seconds).isBetween(1, 24 * 3600));
    }

    @Test
    void tiersComeFromTheConfigurationAndWorkspacesAreSeparate() {
        KeyOwner first = new KeyOwner("k", "s", TestServices.uniqueName("ws"), "default", null, null, null, null);
        KeyOwner second = new KeyOwner("k", "s", TestServices.uniqueName("ws"), "default", null, null, null, null);
        limiter.acquire(first, 500);
        assertThat(refusal(() -> limiter.acquire(first, 1)).getMessage()).contains("500 events per 5 s");
        limiter.acquire(second, 500);
        KeyOwner pro = new KeyOwner("k", "s", TestServices.uniqueName("ws"), "pro", null, null, null, null);
        limiter.acquire(pro, 2500);
        assertThatThrownBy(() -> limiter.acquire(pro, 1)).isInstanceOf(AppError.class);
    }
}
