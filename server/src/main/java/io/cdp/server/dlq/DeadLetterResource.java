package io.cdp.server.dlq;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/dlq}: list, show and replay dead letters (management API, admin token).
 *
 * <pre>
 * GET  /api/v1/dlq?workspace=acme&amp;stage=rotor&amp;reason=function_error&amp;limit=50   → {"dead_letters": [...]}
 * GET  /api/v1/dlq/0-42
 * POST /api/v1/dlq/replay   {"ids": ["0-42", "1-7"]}   or   {"all": true, "reason": "function_error"}
 * </pre>
 */
@Path("/api/v1/dlq")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    private final DeadLetterService service;
    private final WorkspaceService workspaces;

    public DeadLetterResource(DeadLetterService service, WorkspaceService workspaces) {
        this.service = service;
        this.workspaces = workspaces;
    }

    @GET
    public Map<String, List<DeadLetterEntry>> list(@QueryParam("workspace") String workspace, @QueryParam("stage") String stage,
                                      @QueryParam("reason") String reason,
                                      @QueryParam("limit") @DefaultValue("50") int limit) {
        return Map.of("dead_letters", service.list(filter(workspace, stage, reason, limit)));
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
                    request.limit() == null ? DeadLetterFilter.MAX_LIMIT : request.limit()));
        }
        if (request.ids() == null || request.ids().isEmpty()) {
            throw AppError.badRequest("name the letters to replay in \"ids\", or set \"all\": true", "ids");
        }
        return service.replay(request.ids());
    }

    private DeadLetterFilter filter(String workspace, String stage, String reason, int limit) {
        if (limit < 1 || limit > DeadLetterFilter.MAX_LIMIT) {
            throw AppError.badRequest("limit must be between 1 and " + DeadLetterFilter.MAX_LIMIT, "limit");
        }
        if (stage != null && List.of("ingest", "rotor", "bulker").stream().noneMatch(stage::equalsIgnoreCase)) {
            throw AppError.badRequest("stage must be ingest, rotor or bulker", "stage");
        }
        // Letters carry the workspace id; people know workspaces by name: accept either.
        return new DeadLetterFilter(workspaces.idFilter(workspace), stage, reason, limit);
    }

    /** Body of a replay: explicit ids, or every letter matching the filter. */
    public record ReplayRequest(
            @JsonProperty("ids") List<String> ids,
            @JsonProperty("all") boolean all,
            @JsonProperty("workspace") String workspace,
            @JsonProperty("stage") String stage,
            @JsonProperty("reason") String reason,
            @JsonProperty("limit") Integer limit) {
    }
}
