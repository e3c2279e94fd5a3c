package io.cdp.server.dlq;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cdp.server.error.AppError;
import io.cdp.server.workspaces.WorkspaceService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /api/v1/dlq}: list, show and replay dead letters (management API, admin token).
 *
 * <pre>
 * GET  /api/v1/dlq?workspace=acme&amp;stage=rotor&amp;reason=function_error&amp;limit=50   → {"dead_letters": [...], "next": "0-1234,2-99"}
 * GET  /api/v1/dlq?since=2026-12-01T00:00:00Z&amp;until=2026-12-02T00:00:00Z&amp;cursor=0-1234,2-99
 * GET  /api/v1/dlq/0-42
 * POST /api/v1/dlq/replay   {"ids": ["0-42", "1-7"]}   or   {"all": true, "reason": "function_error"}
 *                           → {"replayed": 2, "skipped": [], "next": null}
 * </pre>
 *
 * Listings and replays of all matching letters go a page at a time: hand the answer's
 * {@code next} back as {@code cursor}, with the same filters, until it is null.
 */
@Path("/api/v1/dlq")
@Produces(MediaType.APPLICATION_JSON)
public record DeadLetterResource(DeadLetterService service, WorkspaceService workspaces) {
    @GET
    public DeadLetterPage list(@QueryParam("workspace") String workspace, @QueryParam("stage") String stage,
                               @QueryParam("reason") String reason, @QueryParam("since") String since,
                               @QueryParam("until") String until, @QueryParam("limit") @DefaultValue("50") int limit,
                               @QueryParam("cursor") String cursor) {
        return service.page(filter(workspace, stage, reason, since, until, limit), cursor);
    }

    @GET
    @Path("{id}")
    public DeadLetterEntry show(@PathParam("id") String id) {
        return service.show(id);
    }

    @POST
    @Path("replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReplayResult replay(ReplayRequest request) {
        if (request == null) {
            throw AppError.badRequest("a JSON body is required: {\"ids\": [...]} or {\"all\": true}", "ids");
        }
        if (request.all()) {
            return service.replayMatching(filter(request.workspace(), request.stage(), request.reason(),
                    request.since(), request.until(),
                    request.limit() == null ? DeadLetterFilter.MAX_LIMIT : request.limit()), request.cursor());
        }
        if (request.ids() == null || request.ids().isEmpty()) {
            throw AppError.badRequest("name the letters to replay in \"ids\", or set \"all\": true", "ids");
        }
        return service.replay(request.ids());
    }

    private DeadLetterFilter filter(String workspace, String stage, String reason, String since, String until,
                                    int limit) {
        if (limit < 1 || limit > DeadLetterFilter.MAX_LIMIT) {
            throw AppError.badRequest("limit must be between 1 and " + DeadLetterFilter.MAX_LIMIT, "limit");
        }
        if (stage != null && List.of("ingest", "rotor", "bulker").stream().noneMatch(stage::equalsIgnoreCase)) {
            throw AppError.badRequest("stage must be ingest, rotor or bulker", "stage");
        }
        Instant from = instant(since, "since");
        Instant to = instant(until, "until");
        if (from != null && to != null && !from.isBefore(to)) {
            throw AppError.badRequest("since must be before until", "since");
        }
        // Letters carry the workspace id; people know workspaces by name: accept either.
        return new DeadLetterFilter(workspaces.idFilter(workspace), stage, reason, from, to, limit);
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            throw AppError.badRequest(field + " must be a UTC time like 2026-12-01T00:00:00Z, got '" + text + "'",
                    field);
        }
    }

    /**
     * Body of a replay: explicit ids, or one page ({@code limit}, default and at most 10000) of the
     * letters matching the filter, from {@code cursor}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplayRequest(List<String> ids, boolean all, String workspace, String stage, String reason,
                                String since, String until, Integer limit, String cursor) {
    }
}
