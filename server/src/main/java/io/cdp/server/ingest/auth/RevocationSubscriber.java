package io.cdp.server.ingest.auth;

import io.cdp.server.keys.WriteKeyRevocations;
import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Listens on {@link WriteKeyRevocations#CHANNEL} on a Redis connection of its own and drops
 * each revoked key from this process's {@link WriteKeyCache}. Whenever it (re)subscribes it
 * clears the whole in-process cache, since revocations sent while it was not listening are lost.
 * {@link #start()} waits (a few seconds at most) for the first subscription, so a server that
 * accepts requests already hears revocations. Stops cleanly through {@link #stop()}.
 */
public class RevocationSubscriber implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationSubscriber.class);
    private static final long RECONNECT_DELAY_MS = 1000;

    private final Supplier<RedisClient> connect;
    private final WriteKeyCache cache;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean running;
    private volatile RedisClient client;
    private volatile JedisPubSub listener;
    private Thread thread;

    /** @param connect opens the dedicated connection (called again after a failure) */
    public RevocationSubscriber(Supplier<RedisClient> connect, WriteKeyCache cache) {
        this.connect = connect;
        this.cache = cache;
    }

    @Override
    public void start() throws InterruptedException {
        running = true;
        thread = new Thread(this::listen, "cdp-key-revocations");
        thread.setDaemon(true);
        thread.start();
        if (!subscribed.await(5, TimeUnit.SECONDS)) {
            LOG.warn("not yet subscribed to {}: until then revoked keys expire with the cache TTL",
                    WriteKeyRevocations.CHANNEL);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        JedisPubSub current = listener;
        if (current != null && current.isSubscribed()) {
            current.unsubscribe();
        }
        RedisClient open = client;
        if (open != null) {
            open.close();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    private void listen() {
        while (running) {
            try (RedisClient redis = connect.get()) {
                client = redis;
                listener = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String channel, int subscribedChannels) {
                        cache.invalidateAll();
                        subscribed.countDown();
                    }

                    @Override
                    public void onMessage(String channel, String keyHash) {
                        cache.invalidate(keyHash);
                    }
                };
                redis.subscribe(listener, WriteKeyRevocations.CHANNEL);
            } catch (RuntimeException lost) {
                if (running) {
                    LOG.warn("lost the Redis subscription to {}; reconnecting: {}", WriteKeyRevocations.CHANNEL,
                            lost.toString());
                    sleepBeforeReconnect();
                }
            }
        }
    }

    private void sleepBeforeReconnect() {
        try {
            Thread.sleep(RECONNECT_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
