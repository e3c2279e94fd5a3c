package io.cdp.server.workspaces;

import io.cdp.server.api.ApiResponses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/workspaces}: create and list workspaces and their sources. Guarded by the
 * admin token ({@link io.cdp.server.management.AdminTokenFilter}); {@code {workspace}} is an id or a name.
 */
@Path("/api/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public record WorkspaceResource(WorkspaceService workspaces) {
    @POST
    public Response create(@NotNull @Valid CreateWorkspaceRequest request) {
        return ApiResponses.created(workspaces.create(request));
    }

    @GET
    public Map<String, List<Workspace>> list() {
        return Map.of("workspaces", workspaces.list());
    }

    @GET
    @Path("{workspace}")
    public Workspace get(@PathParam("workspace") String workspace) {
        return workspaces.get(workspace);
    }

    @POST
    @Path("{workspace}/sources")
    public Response createSource(@PathParam("workspace") String workspace,
                                 @NotNull @Valid CreateSourceRequest request) {
        return ApiResponses.created(workspaces.createSource(workspace, request));
    }

    @GET
    @Path("{workspace}/sources")
    public Map<String, List<Source>> sources(@PathParam("workspace") String workspace) {
        return Map.of("sources", workspaces.sources(workspace));
    }
}
