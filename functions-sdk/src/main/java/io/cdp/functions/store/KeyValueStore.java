package io.cdp.functions.store;

import java.time.Duration;
import java.util.Optional;

/**
 * The storage behind {@code ctx.store}: string keys, JSON text values, per-key time to live.
 * Implementations scope keys themselves (the rotor's Redis store prefixes them with the
 * workspace id, so workspaces never see each other's keys). Implementations must be thread-safe.
 *
 * <p>TTL semantics follow Jitsu: {@code ttl} answers the remaining seconds, {@code -1} for a key
 * that never expires, {@code -2} for a missing key.
 */
public interface KeyValueStore {
    /** The JSON text stored under {@code key}, if any. */
    Optional<String> get(String key);

    /** Stores {@code json} under {@code key}; {@code ttl} null means it never expires. */
    void set(String key, String json, Duration ttl);

    void del(String key);

    /** Remaining seconds to live; -1 when the key never expires, -2 when it does not exist. */
    long ttl(String key);

    /** Stores {@code json} only when {@code key} is absent; answers the value stored afterwards. */
    String getOrSet(String key, String json, Duration ttl);

    /** A value with its remaining time to live, or empty when the key does not exist. */
    default Optional<ValueWithTtl> getWithTtl(String key) {
        return get(key).map(value -> new ValueWithTtl(value, ttl(key)));
    }

    /** A stored value and its remaining seconds to live (-1: no expiry). */
    record ValueWithTtl(String json, long ttl) {
    }
}
