package io.cdp.server.bulker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdp.server.identity.Identity;
import io.cdp.server.identity.IdentityRepo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-time half of identity stitching, run on each batch before it is written: records
 * the batch's identifies in {@code identities} (which queues the stitch of the visitors' earlier
 * events), then gives each anonymous row whose visitor is already identified that user id.
 * Identifies are recorded first so that anonymous rows in the same batch are covered too.
 *
 * <p>What PostgreSQL answered is remembered, "not identified" included, because one batch
 * holds thousands of visitors and asking for all of them each time took longer than writing
 * the batch. The answer stays right because every identify of an anonymous id arrives on that
 * id's partition (it is the Kafka key), so while this loop owns its partitions it sees, and
 * records, every identify that could change an answer: recording one forgets the answer for
 * that visitor, and a change of partitions ({@link #forget}) forgets everything. One batch is
 * prepared at a time, so a lookup cannot race an identify of another table's batch.
 * Thread-safe.
 */
public final class WriteTimeStitching {
    private static final Logger LOG = LoggerFactory.getLogger(WriteTimeStitching.class);
    private static final String IDENTIFY = "identify";
    /** Stands for "not identified" in the cache. */
    private static final String NONE = "";

    private final IdentityRepo identities;
    private final Backoff backoff;
    private final Cache<Visitor, String> userIds;

    public WriteTimeStitching(IdentityRepo identities, Backoff backoff, long cachedVisitors) {
        this.identities = identities;
        this.backoff = backoff;
        this.userIds = Caffeine.newBuilder().maximumSize(cachedVisitors).build();
    }

    public synchronized void prepare(List<Row> rows) {
        try {
            List<Identity> identified = identifies(rows);
            backoff.run("recording identities", () -> identities.record(identified));
            identified.forEach(identity -> userIds.invalidate(
                    new Visitor(identity.workspaceId(), identity.anonymousId())));
            backoff.run("looking up identities", () -> fillUserIds(rows));
        } catch (Backoff.StoppedException stopped) {
            throw stopped;
        } catch (RuntimeException e) {
            // Stitching is an improvement, not a condition for storing the events: write them as they are.
            LOG.error("identity stitching skipped for a batch of {} rows: {}", rows.size(), e.getMessage(), e);
        }
    }

    /** Forgets every remembered answer: partitions moved, identifies may have been recorded elsewhere. */
    public synchronized void forget() {
        userIds.invalidateAll();
    }

    static List<Identity> identifies(List<Row> rows) {
        List<Identity> found = new ArrayList<>();
        for (Row row : rows) {
            String anonymousId = row.anonymousId();
            String userId = row.userId();
            if (IDENTIFY.equals(row.type()) && anonymousId != null && userId != null) {
                Instant at = row.envelope().receivedAt() != null ? row.envelope().receivedAt() : Instant.now();
                found.add(new Identity(row.workspaceId(), anonymousId, userId, at));
            }
        }
        return found;
    }

    private void fillUserIds(List<Row> rows) {
        // Visitors of the batch, each asked once: a batch has far fewer visitors than rows.
        Map<String, Map<String, String>> byWorkspace = new HashMap<>();
        for (Row row : rows) {
            if (row.anonymousId() != null && row.userId() == null) {
                byWorkspace.computeIfAbsent(row.workspaceId(), ignored -> new HashMap<>()).put(row.anonymousId(), NONE);
            }
        }
        byWorkspace.forEach((workspace, visitors) -> {
            Set<String> unknown = new HashSet<>();
            for (Map.Entry<String, String> visitor : visitors.entrySet()) {
                String known = userIds.getIfPresent(new Visitor(workspace, visitor.getKey()));
                if (known != null) {
                    visitor.setValue(known);
                } else {
                    unknown.add(visitor.getKey());
                }
            }
            if (!unknown.isEmpty()) {
                Map<String, String> found = identities.userIds(workspace, unknown);
                for (String anonymousId : unknown) {
                    String userId = found.getOrDefault(anonymousId, NONE);
                    visitors.put(anonymousId, userId);
                    userIds.put(new Visitor(workspace, anonymousId), userId);
                }
            }
        });
        if (byWorkspace.values().stream().allMatch(visitors -> visitors.values().stream().allMatch(NONE::equals))) {
            return; // most batches of anonymous traffic: no need to walk ten thousand rows again
        }
        for (Row row : rows) {
            if (row.anonymousId() != null && row.userId() == null) {
                String userId = byWorkspace.get(row.workspaceId()).get(row.anonymousId());
                if (!userId.equals(NONE)) {
                    row.stitch(userId);
                }
            }
        }
    }

    /**
     * The cache's key. A record rather than the two ids joined into one String: the reader shares
     * one String per id, whose hash is computed once, while a joined key was a new String to
     * build and hash for every visitor of every batch.
     */
    private record Visitor(String workspaceId, String anonymousId) {
    }
}
