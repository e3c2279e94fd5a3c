package io.cdp.server.bulker.stitch;

import io.cdp.server.bulker.read.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What write-time stitching needs to know of a batch's rows, gathered as each row is added (on
 * the consumer thread, just after reading it, while it is in cache): the visitors of its
 * anonymous rows, per workspace, and its identifies. Finding them when the batch is about to be
 * written would walk tens of thousands of rows again from cold memory, while the table waits
 * for its next insert: tens of milliseconds a batch.
 *
 * <p>Public so that a batch can gather them as it fills ({@code TableBatch}); what was
 * gathered is read only by {@link WriteTimeStitching}. Not thread-safe: filled by the consumer
 * thread, then read by one writer thread.
 */
public final class BatchVisitors {
    private static final String IDENTIFY = "identify";

    private final Map<String, Set<String>> anonymous = new HashMap<>();
    private final List<Row> identifies = new ArrayList<>();
    /** The last row's workspace and its visitors: a batch's rows mostly come from one workspace. */
    private String lastWorkspace;
    private Set<String> lastVisitors;

    /** Notes the row's visitor, if it is anonymous, or the row itself, if it is an identify. */
    public void add(Row row) {
        String anonymousId = row.anonymousId();
        if (anonymousId == null) {
            return;
        }
        if (row.userId() == null) {
            if (!row.workspaceId().equals(lastWorkspace)) {
                lastWorkspace = row.workspaceId();
                lastVisitors = anonymous.computeIfAbsent(lastWorkspace, ignored -> new HashSet<>());
            }
            lastVisitors.add(anonymousId);
        } else if (IDENTIFY.equals(row.type())) {
            identifies.add(row);
        }
    }

    /** The anonymous ids of the rows without a user id, per workspace. */
    Map<String, Set<String>> anonymous() {
        return anonymous;
    }

    /** The identify rows that link an anonymous id to a user id, in the order they were added. */
    List<Row> identifies() {
        return identifies;
    }
}
