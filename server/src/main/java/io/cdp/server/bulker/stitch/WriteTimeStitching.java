package io.cdp.server.bulker.stitch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.identity.Identity;
import io.cdp.server.identity.IdentityRepo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-time half of identity stitching, in two steps per batch. {@link #prepare}, before the
 * batch is written: gives each anonymous row whose visitor is identified that user id, counting
 * the batch's own identifies and those of earlier batches not yet recorded. {@link #record},
 * once the batch and every batch prepared before it are stored: records the batch's identifies
 * in {@code identities}, which queues the stitch of the visitors' earlier events.
 *
 * <p>Recording waits for the earlier batches because the {@link StitchWorker} stitches what is
 * in the tables when it runs: an identify recorded while an earlier batch with that visitor's
 * anonymous rows was still being written could be stitched before those rows land, and they
 * would never get the user id. Batches prepared after an identify but before it is recorded see
 * it among the pending identifies instead.
 *
 * <p>What PostgreSQL answered is remembered, "not identified" included, because one batch
 * holds thousands of visitors and asking for all of them each time takes longer than writing
 * the batch. The answer stays right because every identify of an anonymous id arrives on that
 * id's partition (it is the Kafka key), so while this loop owns its partitions it sees every
 * identify that could change an answer: a pending identify overrides the answer, recording it
 * forgets the answer, and a change of partitions ({@link #forget}) forgets everything. Batches
 * are prepared one at a time, in the order they were cut. Thread-safe.
 */
public final class WriteTimeStitching {
    private static final Logger LOG = LoggerFactory.getLogger(WriteTimeStitching.class);
    /** Stands for "not identified" in the cache. */
    private static final String NONE = "";

    private final IdentityRepo identities;
    private final Backoff backoff;
    private final Cache<Visitor, String> userIds;
    /** Identifies prepared but not yet recorded, the latest per visitor. */
    private final Map<Visitor, Identity> pending = new ConcurrentHashMap<>();

    public WriteTimeStitching(IdentityRepo identities, Backoff backoff, long cachedVisitors) {
        this.identities = identities;
        this.backoff = backoff;
        this.userIds = Caffeine.newBuilder().maximumSize(cachedVisitors).build();
    }

    /**
     * Stitches the batch's anonymous rows whose visitor is identified; returns the batch's
     * identifies, to {@link #record} once it and the batches before it are stored. The batch's
     * visitors are the ones gathered from its rows as they were added.
     */
    public synchronized List<Identity> prepare(List<Row> rows, BatchVisitors visitors) {
        List<Identity> identified = identifies(visitors.identifies());
        for (Identity identity : identified) {
            pending.merge(new Visitor(identity.workspaceId(), identity.anonymousId()), identity,
                    (kept, candidate) -> candidate.supersedes(kept) ? candidate : kept);
        }
        try {
            backoff.run("looking up identities", () -> fillUserIds(rows, visitors.anonymous()));
        } catch (Backoff.StoppedException stopped) {
            throw stopped;
        } catch (RuntimeException e) {
            // Stitching is an improvement, not a condition for storing the events: write them as they are.
            LOG.error("identity stitching skipped for a batch of {} rows: {}", rows.size(), e.getMessage(), e);
        }
        return identified;
    }

    /** Records identifies {@link #prepare} returned, after their batch and every earlier one are stored. */
    public void record(List<Identity> identified) {
        if (identified.isEmpty()) {
            return;
        }
        try {
            backoff.run("recording identities", () -> identities.record(identified));
        } catch (Backoff.StoppedException stopped) {
            throw stopped;
        } catch (RuntimeException e) {
            LOG.error("{} identifies not recorded; their visitors' earlier events keep no user id: {}",
                    identified.size(), e.getMessage(), e);
        }
        for (Identity identity : identified) {
            Visitor visitor = new Visitor(identity.workspaceId(), identity.anonymousId());
            userIds.invalidate(visitor); // before the pending entry goes: a lookup then asks PostgreSQL
            pending.remove(visitor, identity);
        }
    }

    /** Forgets every remembered answer: partitions moved, identifies may have been recorded elsewhere. */
    public synchronized void forget() {
        userIds.invalidateAll();
        pending.clear();
    }

    /** What the identify rows record: their visitor's user id, as of when they were received. */
    private static List<Identity> identifies(List<Row> identifyRows) {
        List<Identity> found = new ArrayList<>(identifyRows.size());
        for (Row row : identifyRows) {
            Instant at = row.envelope().receivedAt() != null ? row.envelope().receivedAt() : Instant.now();
            found.add(new Identity(row.workspaceId(), row.anonymousId(), row.userId(), at));
        }
        return found;
    }

    /** Gives the anonymous rows of identified visitors (of {@code anonymous}, per workspace) their user id. */
    private void fillUserIds(List<Row> rows, Map<String, Set<String>> anonymous) {
        // Each visitor asked once: a batch has far fewer visitors than rows.
        Map<String, Map<String, String>> identified = new HashMap<>();
        anonymous.forEach((workspace, visitors) -> {
            Map<String, String> userIdsOfWorkspace = new HashMap<>();
            Set<String> unknown = new HashSet<>();
            for (String anonymousId : visitors) {
                Visitor key = new Visitor(workspace, anonymousId);
                Identity identifying = pending.get(key);
                String known = identifying != null ? identifying.userId() : userIds.getIfPresent(key);
                if (known == null) {
                    unknown.add(anonymousId);
                } else if (!known.equals(NONE)) {
                    userIdsOfWorkspace.put(anonymousId, known);
                }
            }
            if (!unknown.isEmpty()) {
                Map<String, String> found = identities.userIds(workspace, unknown);
                for (String anonymousId : unknown) {
                    String userId = found.getOrDefault(anonymousId, NONE);
                    userIds.put(new Visitor(workspace, anonymousId), userId);
                    if (!userId.equals(NONE)) {
                        userIdsOfWorkspace.put(anonymousId, userId);
                    }
                }
            }
            if (!userIdsOfWorkspace.isEmpty()) {
                identified.put(workspace, userIdsOfWorkspace);
            }
        });
        if (identified.isEmpty()) {
            return; // most batches of anonymous traffic: no need to walk the rows
        }
        for (Row row : rows) {
            if (row.anonymousId() != null && row.userId() == null) {
                Map<String, String> ofWorkspace = identified.get(row.workspaceId());
                String userId = ofWorkspace == null ? null : ofWorkspace.get(row.anonymousId());
                if (userId != null) {
                    row.stitch(userId);
                }
            }
        }
    }

    /**
     * The cache's key. A record rather than the two ids joined into one String, which would be a
     * new String to build and hash for every visitor of every batch.
     */
    private record Visitor(String workspaceId, String anonymousId) {
    }
}
