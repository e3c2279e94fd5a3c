package io.cdp.server.ingest.dedup;

import io.cdp.server.error.AppError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Pipeline step 6: remembers each {@code messageId} of a workspace for the TTL (24 h) with Redis
 * {@code SET NX}; the first sighting wins and repeats are duplicates. A request marks all its ids
 * in one pipelined round trip and gets back its {@link Marks}: an event refused after being
 * marked (schema conflict, Kafka refusal) has its mark released through them, so the client's
 * corrected retry is not taken for a duplicate. Thread-safe.
 *
 * <pre>{@code
 * Deduplicator.Marks marks = deduplicator.mark(workspaceId, messageIds);
 * try {
 *     // forward the events whose marks.firstSeen(i) is true ...
 * } finally {
 *     marks.releaseAllBut(forwardedIds);
 * }
 * }</pre>
 */
public class Deduplicator {
    private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);

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

    /**
     * Marks each id, in order, as seen; {@link Marks#firstSeen(int)} says which were first
     * sightings (a repeat within the list is not). No ids, no round trip.
     */
    public Marks mark(String workspaceId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return new Marks(workspaceId, List.of(), List.of());
        }
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
            return new Marks(workspaceId, List.copyOf(messageIds), first);
        } catch (RuntimeException redisTrouble) {
            throw AppError.unavailable("duplicates cannot be checked right now; retry shortly", redisTrouble);
        }
    }

    /**
     * The marks one {@link #mark} call set. Only these can be released: a mark another request
     * set (this call's duplicates) is never touched. Not thread-safe: one per request.
     */
    public final class Marks {
        private final String workspaceId;
        private final List<String> messageIds;
        private final List<Boolean> first;

        private Marks(String workspaceId, List<String> messageIds, List<Boolean> first) {
            this.workspaceId = workspaceId;
            this.messageIds = messageIds;
            this.first = first;
        }

        /** Whether the id at {@code position} of the marked list was seen here for the first time. */
        public boolean firstSeen(int position) {
            return first.get(position);
        }

        /**
         * Forgets the marks this call set, except those of {@code forwarded} (the events that went
         * on), in one round trip: an event refused after its mark was set must not make the
         * client's retry a duplicate.
         */
        public void releaseAllBut(Collection<String> forwarded) {
            Set<String> unforwarded = new LinkedHashSet<>();
            for (int position = 0; position < messageIds.size(); position++) {
                if (first.get(position) && !forwarded.contains(messageIds.get(position))) {
                    unforwarded.add(messageIds.get(position));
                }
            }
            if (unforwarded.isEmpty()) {
                return;
            }
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String messageId : unforwarded) {
                    pipeline.del(key(workspaceId, messageId));
                }
                pipeline.sync();
            } catch (RuntimeException redisTrouble) {
                // The ids stay marked until the TTL: a retry of these events would count as duplicates.
                LOG.warn("could not release dedup marks of {}: {}", unforwarded, redisTrouble.toString());
            }
        }
    }
}
