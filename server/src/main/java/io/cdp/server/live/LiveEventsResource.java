package io.cdp.server.live;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/events/live}: the events ingest judged lately in this process (management API,
 * admin token). Served where the ingest role runs, since that is where the verdicts are.
 *
 * <pre>
 * GET /api/v1/events/live?after=0&amp;workspace=ws_1&amp;source=src_1&amp;type=track&amp;text=order&amp;limit=100
 *     → {"events": [{"seq": 1, "verdict": "accepted", ...}], "last_seq": 1, "skipped": 0}
 * GET /api/v1/events/live/{messageId}?seq=7   → {"event": {..., "payload": {...}}, "processed": [{...}]}
 * </pre>
 */
@Path("/api/v1/events/live")
@Produces(MediaType.APPLICATION_JSON)
public class LiveEventsResource {
    private final LiveEventsService live;

    public LiveEventsResource(LiveEventsService live) {
        this.live = live;
    }

    @GET
    public LiveEventsService.LivePage page(@QueryParam("after") @DefaultValue("0") long after,
                                           @QueryParam("workspace") String workspace,
                                           @QueryParam("source") String source, @QueryParam("type") String type,
                                           @QueryParam("text") String text,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return live.page(new LiveFilter(workspace, source, type, text), after, limit);
    }

    @GET
    @Path("{messageId}")
    public LiveEventsService.LiveDetail detail(@PathParam("messageId") String messageId,
                                               @QueryParam("seq") @DefaultValue("0") long seq) {
        return live.detail(messageId, seq);
    }
}
