package io.cdp.functions.store;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyValueStore} in memory, for {@code cdp functions test} and unit tests: same TTL rules
 * as the Redis store, nothing persisted. Thread-safe.
 *
 * <pre>{@code
 * InMemoryStore store = new InMemoryStore();
 * store.set("seen:42", "true", Duration.ofDays(1));
 * }</pre>
 */
public final class InMemoryStore implements KeyValueStore {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String key) {
        return live(key).map(Entry::json);
    }

    @Override
    public void set(String key, String json, Duration ttl) {
        entries.put(key, new Entry(json, ttl == null ? Long.MAX_VALUE : clock.millis() + ttl.toMillis()));
    }

    @Override
    public void del(String key) {
        entries.remove(key);
    }

    @Override
    public long ttl(String key) {
        return live(key).map(entry -> entry.expiresAt() == Long.MAX_VALUE
                ? -1L : Math.max(0, (entry.expiresAt() - clock.millis()) / 1000)).orElse(-2L);
    }

    @Override
    public synchronized String getOrSet(String key, String json, Duration ttl) {
        Optional<String> existing = get(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        set(key, json, ttl);
        return json;
    }

    /** Everything stored and alive, as JSON texts by key (for printing after a test run). */
    public Map<String, String> snapshot() {
        Map<String, String> copy = new LinkedHashMap<>();
        entries.keySet().stream().sorted().forEach(key -> get(key).ifPresent(value -> copy.put(key, value)));
        return copy;
    }

    private Optional<Entry> live(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAt() <= clock.millis()) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    private record Entry(String json, long expiresAt) {
    }
}
