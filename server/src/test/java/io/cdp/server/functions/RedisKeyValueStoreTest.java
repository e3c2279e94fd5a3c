package io.cdp.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** ctx.store's Redis implementation against the real Redis, in a workspace of its own. */
class RedisKeyValueStoreTest {
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private final String workspace = TestServices.uniqueName("kvws");
    private final RedisKeyValueStore store = new RedisKeyValueStore(REDIS, workspace);

    @AfterAll
    static void close() {
        REDIS.close();
    }

    @Test
    void setGetTtlAndDeleteFollowJitsuSemantics() {
        assertThat(store.get("k")).isEmpty();
        assertThat(store.ttl("k")).isEqualTo(-2);
        store.set("k", "{\"a\":1}", Duration.ofSeconds(90));
        assertThat(store.get("k")).contains("{\"a\":1}");
        assertThat(store.ttl("k")).isBetween(85L, 90L);
        assertThat(store.getWithTtl("k")).hasValueSatisfying(value -> assertThat(value.json()).isEqualTo("{\"a\":1}"));
        store.set("forever", "1", null);
        assertThat(store.ttl("forever")).isEqualTo(-1);
        store.del("k");
        store.del("forever");
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void getOrSetKeepsTheFirstValue() {
        assertThat(store.getOrSet("first", "\"a\"", Duration.ofSeconds(30))).isEqualTo("\"a\"");
        assertThat(store.getOrSet("first", "\"b\"", Duration.ofSeconds(30))).isEqualTo("\"a\"");
        store.del("first");
    }

    @Test
    void workspacesDoNotShareKeys() {
        RedisKeyValueStore other = new RedisKeyValueStore(REDIS, TestServices.uniqueName("kvws"));
        store.set("shared-name", "1", Duration.ofSeconds(30));
        assertThat(other.get("shared-name")).isEmpty();
        assertThat(REDIS.get("cdp:store:" + workspace + ":shared-name")).isEqualTo("1");
        store.del("shared-name");
    }
}
