package io.cdp.server.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * When each write key was last used to send events: one Redis hash ({@value #KEY}: key id → epoch
 * milliseconds), written in bulk by every ingest process now and then (see
 * {@code io.cdp.server.ingest.auth.KeyUsage}), read by the management API. A later time never
 * gives way to an earlier one, whichever process writes last. Thread-safe.
 */
public class KeyUsageRepo {
    static final String KEY = "cdp:keys:last_used";
    /** Sets each field only where the new time is later: one round trip for a whole flush. */
    private static final String SET_IF_LATER = """
            for i = 1, #ARGV, 2 do
              local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
              if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            end
            return 0
            """;

    private final UnifiedJedis redis;

    public KeyUsageRepo(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Records these last uses (key id → time). */
    public void record(Map<String, Instant> lastUses) {
        if (lastUses.isEmpty()) {
            return;
        }
        String[] arguments = new String[lastUses.size() * 2];
        int index = 0;
        for (Map.Entry<String, Instant> use : lastUses.entrySet()) {
            arguments[index++] = use.getKey();
            arguments[index++] = Long.toString(use.getValue().toEpochMilli());
        }
        redis.eval(SET_IF_LATER, 1, withKey(arguments));
    }

    private static String[] withKey(String[] arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = KEY;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return all;
    }

    /** Every key's last use that was recorded (key id → time). */
    public Map<String, Instant> all() {
        Map<String, Instant> lastUses = new TreeMap<>();
        Map<String, String> stored = new HashMap<>(redis.hgetAll(KEY));
        stored.forEach((keyId, millis) -> {
            try {
                lastUses.put(keyId, Instant.ofEpochMilli(Long.parseLong(millis)));
            } catch (NumberFormatException notWritten) {
                // Written by hand: not a time, left out.
            }
        });
        return lastUses;
    }
}
