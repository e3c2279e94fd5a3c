package io.cdp.server.keys;

import io.cdp.server.api.ApiResponses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/keys}: create (raw key in the answer, once), list (masked) and revoke write
 * keys. Guarded by the admin token ({@link io.cdp.server.management.AdminTokenFilter}).
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public record WriteKeyResource(WriteKeyService keys) {
    @POST
    public Response create(@NotNull @Valid CreateWriteKeyRequest request) {
        return ApiResponses.created(keys.create(request));
    }

    @GET
    public Map<String, List<WriteKey>> list(@QueryParam("workspace") String workspace) {
        return Map.of("keys", keys.list(workspace));
    }

    @GET
    @Path("{id}")
    public WriteKey get(@PathParam("id") String id) {
        return keys.get(id);
    }

    @POST
    @Path("{id}/revoke")
    public WriteKey revoke(@PathParam("id") String id) {
        return keys.revoke(id);
    }
}
