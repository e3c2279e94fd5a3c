package io.cdp.server.api;

import jakarta.ws.rs.core.Response;

/**
 * The answers of the management API that are more than a body: 201 Created with the new
 * resource as the body. No Location header: clients read the id from the body. Stateless.
 */
public final class ApiResponses {
    private ApiResponses() {
    }

    /** 201 with {@code entity} as the body. */
    public static Response created(Object entity) {
        return createdIf(true, entity);
    }

    /** 201 with {@code entity} when {@code created}, else 200 (the resource existed and was updated, or not). */
    public static Response createdIf(boolean created, Object entity) {
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(entity).build();
    }
}
