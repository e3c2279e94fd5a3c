package io.cdp.server.functions;

import io.cdp.server.api.ApiResponses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
 * {@code /api/v1/functions}: deploy (create or new version), list, attach to a source, and read a
 * function's recent logs. Guarded by the admin token ({@link io.cdp.server.management.AdminTokenFilter});
 * {@code {function}} is an id or a name.
 */
@Path("/api/v1/functions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public record FunctionResource(FunctionService functions) {
    @POST
    public Response deploy(@NotNull @Valid DeployFunctionRequest request) {
        DeployedFunction deployed = functions.deploy(request);
        return ApiResponses.createdIf(deployed.changed() && deployed.function().version() == 1, deployed);
    }

    @GET
    public Map<String, List<Map<String, Object>>> list(@QueryParam("workspace") String workspace) {
        return Map.of("functions", functions.list(workspace));
    }

    @POST
    @Path("{function}/attach")
    public Attachment attach(@PathParam("function") String function, @NotNull @Valid AttachFunctionRequest request) {
        return functions.attach(function, request);
    }

    @GET
    @Path("{function}/logs")
    public Map<String, Object> logs(@PathParam("function") String function, @QueryParam("workspace") String workspace,
                                    @QueryParam("limit") @DefaultValue("100") int limit) {
        return functions.logs(function, workspace, limit);
    }
}
