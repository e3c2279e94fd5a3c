package io.cdp.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.fetch.FetchCall;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.LogEntry;
import io.cdp.server.event.EventJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * The recent log of each function, newest first, in a capped Redis list
 * ({@code cdp:fnlogs:{function id}}): its log lines, fetch calls and errors, each tagged with the
 * event's message id. Written by every rotor process, read by {@code cdp functions logs}.
 * Thread-safe.
 */
public final class FunctionLogStore {
    private final RedisClient redis;
    private final int keep;

    public FunctionLogStore(RedisClient redis, int keep) {
        this.redis = redis;
        this.keep = keep;
    }

    static String key(String functionId) {
        return "cdp:fnlogs:" + functionId;
    }

    /** Records what one call left behind; nothing when it logged nothing and did not fail. */
    public void record(String functionId, int version, String messageId, FunctionResult result) {
        List<String> entries = new ArrayList<>();
        for (LogEntry log : result.logs()) {
            entries.add(entry(log.at(), log.level(), log.message(), messageId, version));
        }
        for (FetchCall call : result.fetchCalls()) {
            entries.add(entry(Instant.now(), call.error() == null ? "debug" : "warn", "fetch " + call.method() + " "
                    + call.url() + " -> " + (call.error() != null ? call.error() : call.status() + " in "
                    + call.durationMillis() + " ms"), messageId, version));
        }
        if (result.failed()) {
            entries.add(entry(Instant.now(), "error", result.error().kind() + ": " + result.error().message(),
                    messageId, version));
        }
        if (entries.isEmpty()) {
            return;
        }
        String key = key(functionId);
        redis.lpush(key, entries.toArray(String[]::new));
        redis.ltrim(key, 0, keep - 1);
    }

    /** The newest {@code limit} entries, newest first. */
    public List<JsonNode> recent(String functionId, int limit) {
        List<JsonNode> entries = new ArrayList<>();
        for (String text : redis.lrange(key(functionId), 0, Math.max(0, limit - 1))) {
            try {
                entries.add(EventJson.MAPPER.readTree(text));
            } catch (IOException e) {
                entries.add(EventJson.MAPPER.getNodeFactory().textNode(text));
            }
        }
        return entries;
    }

    private static String entry(Instant at, String level, String message, String messageId, int version) {
        ObjectNode entry = EventJson.MAPPER.createObjectNode();
        entry.put("at", at.toString());
        entry.put("level", level);
        entry.put("message", message);
        entry.put("message_id", messageId);
        entry.put("version", version);
        return entry.toString();
    }
}
