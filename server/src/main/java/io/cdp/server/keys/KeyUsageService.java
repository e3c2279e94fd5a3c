package io.cdp.server.keys;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cdp.server.error.AppError;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each write key's last use, kept cheaply: a request only puts the key's id and the time in a map
 * in memory ({@link #used}); every {@link #FLUSH_EVERY} the map is written to Redis in one call
 * ({@link KeyUsageRepo}) and emptied, so storage sees one write per interval and process, never one
 * per request. A flush that fails keeps the times for the next one. Thread-safe.
 *
 * <pre>{@code
 * KeyUsageService usage = new KeyUsageService(new KeyUsageRepo(redis), Clock.systemUTC());
 * environment.lifecycle().manage(usage);       // flushes while the server runs, and at stop
 * usage.used(owner.keyId());                   // on every authenticated request
 * }</pre>
 */
public class KeyUsageService implements Managed {
    /** How often the last uses are written; also how stale a shown time may be. */
    public static final Duration FLUSH_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(KeyUsageService.class);

    private final KeyUsageRepo repo;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    public KeyUsageService(KeyUsageRepo repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    /** The key with this id was just used. */
    public void used(String keyId) {
        pending.put(keyId, clock.instant());
    }

    /** Writes what was used since the last flush. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        pending.keySet().forEach(keyId -> {
            Instant at = pending.remove(keyId);
            if (at != null) {
                batch.put(keyId, at);
            }
        });
        try {
            repo.record(batch);
        } catch (RuntimeException redisTrouble) {
            batch.forEach((keyId, at) -> pending.merge(keyId, at, (newer, older) -> newer.isAfter(older) ? newer : older));
            LOG.warn("could not record write keys' last use in Redis, will retry: {}", redisTrouble.toString());
        }
    }

    /** Every recorded last use (key id → time), this process's unflushed ones included. */
    public Map<String, Instant> lastUses() {
        Map<String, Instant> all;
        try {
            all = new HashMap<>(repo.all());
        } catch (RuntimeException redisTrouble) {
            throw AppError.unavailable("the keys' last use cannot be read from Redis right now; retry shortly",
                    redisTrouble);
        }
        pending.forEach((keyId, at) -> all.merge(keyId, at, (stored, fresh) -> fresh.isAfter(stored) ? fresh : stored));
        return all;
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("cdp-key-usage").setDaemon(true).build());
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (flusher != null) {
            flusher.shutdown();
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        }
        flush();
    }
}
