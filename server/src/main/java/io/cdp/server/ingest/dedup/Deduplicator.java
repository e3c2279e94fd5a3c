package io.cdp.server.ingest.dedup;

import io.cdp.server.error.AppError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Pipeline step 6: remembers each {@code messageId} of a workspace for the TTL (24 h) with Redis
 * {@code SET NX}; the first sighting wins and repeats are duplicates. A batch marks all its ids
 * in one pipelined round trip. An event refused after being marked (schema conflict, Kafka
 * refusal) is {@link #release released}, so the client's corrected retry is not taken for a
 * duplicate. Thread-safe.
 */
public class Deduplicator {
    private final UnifiedJedis redis;
    private final SetParams expiry;

    public Deduplicator(UnifiedJedis redis, Duration ttl) {
        this.redis = redis;
        this.expiry = SetParams.setParams().nx().px(ttl.toMillis());
    }

    /** The Redis key of one message id; the braces keep a workspace's ids on one cluster slot. */
    public static String key(String workspaceId, String messageId) {
        return "dedup:{" + workspaceId + "}:" + messageId;
    }

    /** True the first time this id is seen in the workspace within the TTL. */
    public boolean firstSeen(String workspaceId, String messageId) {
        return firstSeen(workspaceId, List.of(messageId)).get(0);
    }

    /** For each id, in order, whether this is its first sighting (a repeat within the list is not). */
    public List<Boolean> firstSeen(String workspaceId, List<String> messageIds) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<String>> answers = new ArrayList<>(messageIds.size());
            for (String messageId : messageIds) {
                answers.add(pipeline.set(key(workspaceId, messageId), "1", expiry));
            }
            pipeline.sync();
            List<Boolean> first = new ArrayList<>(answers.size());
            for (Response<String> answer : answers) {
                first.add("OK".equals(answer.get()));
            }
            return first;
        } catch (RuntimeException redisTrouble) {
            throw AppError.unavailable("duplicates cannot be checked right now; retry shortly", redisTrouble);
        }
    }

    /** Forgets an id marked by this request, because its event was not accepted after all. */
    public void release(String workspaceId, String messageId) {
        try {
            redis.del(key(workspaceId, messageId));
        } catch (RuntimeException redisTrouble) {
            // The id stays marked until the TTL: a retry of this event would count as a duplicate.
            org.slf4j.LoggerFactory.getLogger(Deduplicator.class)
                    .warn("could not release dedup mark of {}: {}", messageId, redisTrouble.toString());
        }
    }
}
