package io.cdp.server.bulker;

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
 * Thread-safe.
 */
public final class WriteTimeStitching {
    private static final Logger LOG = LoggerFactory.getLogger(WriteTimeStitching.class);
    private static final String IDENTIFY = "identify";

    private final IdentityRepo identities;
    private final Backoff backoff;

    public WriteTimeStitching(IdentityRepo identities, Backoff backoff) {
        this.identities = identities;
        this.backoff = backoff;
    }

    public void prepare(List<Row> rows) {
        try {
            backoff.run("recording identities", () -> identities.record(identifies(rows)));
            backoff.run("looking up identities", () -> fillUserIds(rows));
        } catch (Backoff.StoppedException stopped) {
            throw stopped;
        } catch (RuntimeException e) {
            // Stitching is an improvement, not a condition for storing the events: write them as they are.
            LOG.error("identity stitching skipped for a batch of {} rows: {}", rows.size(), e.getMessage(), e);
        }
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
        Map<String, Set<String>> anonymousByWorkspace = new HashMap<>();
        for (Row row : rows) {
            String anonymousId = row.anonymousId();
            if (anonymousId != null && row.userId() == null) {
                anonymousByWorkspace.computeIfAbsent(row.workspaceId(), ignored -> new HashSet<>()).add(anonymousId);
            }
        }
        Map<String, Map<String, String>> known = new HashMap<>();
        anonymousByWorkspace.forEach((workspace, anonymousIds) ->
                known.put(workspace, identities.userIds(workspace, anonymousIds)));
        for (Row row : rows) {
            String anonymousId = row.anonymousId();
            if (anonymousId == null || row.userId() != null) {
                continue;
            }
            String userId = known.getOrDefault(row.workspaceId(), Map.of()).get(anonymousId);
            if (userId != null) {
                row.stitch(userId);
            }
        }
    }
}
