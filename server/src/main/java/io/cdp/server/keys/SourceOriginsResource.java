package io.cdp.server.keys;

import io.cdp.server.workspaces.Source;
import io.cdp.server.workspaces.UpdateSourceRequest;
import io.cdp.server.workspaces.WorkspaceService;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code PUT /api/v1/workspaces/{workspace}/sources/{source}/origins}: the web origins a source
 * accepts browser events from. Here rather than beside the other source endpoints because a
 * change must reach every cached lookup of the source's write keys at once, and keys sit above
 * workspaces. Guarded by the admin token like every {@code /api/v1} path.
 */
@Path("/api/v1/workspaces/{workspace}/sources/{source}/origins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public record SourceOriginsResource(WorkspaceService workspaces, WriteKeyService keys) {
    /** {@code {"allowed_origins": ["https://shop.example.com"]}}; an empty list or null: any origin. */
    @PUT
    public Source update(@PathParam("workspace") String workspace, @PathParam("source") String source,
                         @NotNull UpdateSourceRequest request) {
        Source updated = workspaces.setAllowedOrigins(workspace, source, request.allowedOrigins());
        keys.forgetCachedOwners(updated.id());
        return updated;
    }
}
