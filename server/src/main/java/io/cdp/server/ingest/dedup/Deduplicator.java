package io.cdp.server.ingest.dedup;

import io.cdp.server.error.AppError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
 * Pipeline step 6: remembers each {@code messageId} of a workspace for the TTL (24 h) in Redis;
 * an id already remembered is a duplicate. An id is remembered only once its event was taken
 * (handed to Kafka or the spool): a request first looks its ids up ({@link #check}, one pipelined
 * round trip), and after the hand-over remembers those that went on ({@link Sightings#remember}).
 * So a request that fails, or a process killed in the middle of one, leaves no mark that would
 * make the client's retry a duplicate: nothing answered 2xx can be lost that way. Two requests
 * carrying the same id at the same moment may both go on; the destinations keep one row per
 * message id. Thread-safe.
 *
 * <pre>{@code
 * Deduplicator.Sightings seen = deduplicator.check(workspaceId, messageIds);
 * try {
 *     // forward the events whose seen.firstSeen(i) is true ...
 * } finally {
 *     seen.remember(forwardedIds);
 * }
 * }</pre>
 */
public class Deduplicator {
    private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);

    private final UnifiedJedis redis;
    private final SetParams expiry;

    public Deduplicator(UnifiedJedis redis, Duration ttl) {
        this.redis = redis;
        this.expiry = SetParams.setParams().px(ttl.toMillis());
    }

    /** The Redis key of one message id; the braces keep a workspace's ids on one cluster slot. */
    public static String key(String workspaceId, String messageId) {
        return "dedup:{" + workspaceId + "}:" + messageId;
    }

    /**
     * Looks the ids up, in order; {@link Sightings#firstSeen(int)} says which are first sightings
     * (a repeat within the list is not). No ids, no round trip.
     */
    public Sightings check(String workspaceId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return new Sightings(workspaceId, List.of(), List.of());
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<Boolean>> answers = new ArrayList<>(messageIds.size());
            for (String messageId : messageIds) {
                answers.add(pipeline.exists(key(workspaceId, messageId)));
            }
            pipeline.sync();
            List<Boolean> first = new ArrayList<>(answers.size());
            Set<String> earlier = new HashSet<>();
            for (int position = 0; position < answers.size(); position++) {
                first.add(!answers.get(position).get() && earlier.add(messageIds.get(position)));
            }
            return new Sightings(workspaceId, List.copyOf(messageIds), first);
        } catch (RuntimeException redisTrouble) {
            throw AppError.unavailable("duplicates cannot be checked right now; retry shortly", redisTrouble);
        }
    }

    /** What one {@link #check} found. Not thread-safe: one per request. */
    public final class Sightings {
        private final String workspaceId;
        private final List<String> messageIds;
        private final List<Boolean> first;

        private Sightings(String workspaceId, List<String> messageIds, List<Boolean> first) {
            this.workspaceId = workspaceId;
            this.messageIds = messageIds;
            this.first = first;
        }

        /** Whether the id at {@code position} of the checked list was seen here for the first time. */
        public boolean firstSeen(int position) {
            return first.get(position);
        }

        /**
         * Remembers the first sightings among {@code forwarded} (the events that were taken), in
         * one round trip; the others stay unknown, so their retry goes through.
         */
        public void remember(Collection<String> forwarded) {
            Set<String> taken = new LinkedHashSet<>();
            for (int position = 0; position < messageIds.size(); position++) {
                if (first.get(position) && forwarded.contains(messageIds.get(position))) {
                    taken.add(messageIds.get(position));
                }
            }
            if (taken.isEmpty()) {
                return;
            }
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String messageId : taken) {
                    pipeline.set(key(workspaceId, messageId), "1", expiry);
                }
                pipeline.sync();
            } catch (RuntimeException redisTrouble) {
                // The events are on their way: a retry of them goes on again, and destinations keep one row.
                LOG.warn("could not remember the message ids {} as seen: {}", taken, redisTrouble.toString());
            }
        }
    }
}
