package io.cdp.server.live;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.workspaces.WorkspaceService;
import java.util.List;

/**
 * The live view of ingest: the recent verdicts this process kept ({@link RecentEvents}) and, for
 * one event, what the rotor wrote for it ({@link ProcessedTail}). Asking for a page is what keeps
 * the recording on. Thread-safe.
 *
 * @param workspaces turns the names a filter may give into the ids events carry
 */
public record LiveEventsService(RecentEvents recent, ProcessedTail processed, WorkspaceService workspaces) {
    /** Most events one page carries. */
    public static final int MAX_LIMIT = 500;

    /**
     * The events recorded after {@code afterSeq} that match, oldest first, without payloads. The
     * filter's workspace and source may be names or ids: people know them by name, events carry ids.
     */
    public LivePage page(LiveFilter filter, long afterSeq, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AppError.badRequest("limit must be between 1 and " + MAX_LIMIT, "limit");
        }
        filter = resolveNames(filter);
        recent.markWatched();
        List<LiveEvent> events = recent.after(afterSeq, filter, limit).stream().map(LiveEvent::withoutPayload)
                .toList();
        return new LivePage(events, recent.lastSeq(), recent.skipped());
    }

    private LiveFilter resolveNames(LiveFilter filter) {
        String workspaceId = workspaces.idFilter(filter.workspaceId());
        String sourceId = filter.sourceId();
        if (workspaceId != null && sourceId != null && !sourceId.isBlank()) {
            try {
                sourceId = workspaces.source(workspaceId, sourceId).id();
            } catch (AppError notAName) {
                // Not a source name of that workspace: taken as a source id.
            }
        }
        return new LiveFilter(workspaceId, sourceId, filter.type(), filter.text());
    }

    /**
     * One recorded event ({@code seq} 0: the newest with that message id) with its payload before
     * functions, and what the rotor wrote for that message id: for an accepted event, and for a
     * duplicate too, whose first sending went through.
     */
    public LiveDetail detail(String messageId, long seq) {
        LiveEvent event = recent.find(messageId, seq).orElseThrow(() -> AppError.notFound("no recent event with message"
                + " id " + messageId + (seq == 0 ? "" : " and seq " + seq)
                + " (only the last events seen while someone watches are kept)"));
        boolean wentOn = LiveEvent.ACCEPTED.equals(event.verdict()) || LiveEvent.DEDUPLICATED.equals(event.verdict());
        List<EventEnvelope> after = wentOn ? processed.find(messageId) : List.of();
        return new LiveDetail(event, after.stream().map(EventEnvelope::event).toList());
    }

    /**
     * A page of the live view: {@code last_seq} is what to pass as {@code after} next time;
     * {@code skipped} counts events not sampled since the server started.
     */
    public record LivePage(@JsonProperty("events") List<LiveEvent> events, @JsonProperty("last_seq") long lastSeq,
                           @JsonProperty("skipped") long skipped) {
    }

    /**
     * One event: as ingest forwarded it ({@code event.payload}), and the events the functions made of it
     * ({@code processed}, empty when not processed yet, dropped, or older than the tail read).
     */
    public record LiveDetail(@JsonProperty("event") LiveEvent event,
                             @JsonProperty("processed") List<com.fasterxml.jackson.databind.node.ObjectNode> processed) {
    }
}
