package io.cdp.server.management;

import io.cdp.server.error.AppError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the whole management API: every request whose path starts with {@value #API_PREFIX}
 * (except Jitsu's ingest paths under {@value #INGEST_PREFIX})
 * must carry {@code Authorization: Bearer ADMIN_TOKEN}, else it is refused with 401 before any
 * resource runs. A resource only has to live under {@code /api/v1} to be protected, so new
 * management resources (functions, destinations, DLQ, ...) need no code of their own.
 *
 * <p>The token is compared in constant time. Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {
    /** Path prefix (without leading slash, as JAX-RS reports it) of every guarded resource. */
    public static final String API_PREFIX = "api/";

    /** Jitsu's ingest paths ({@code /api/s/{type}}), guarded by write keys instead. */
    public static final String INGEST_PREFIX = "api/s/";

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public AdminTokenFilter(String adminToken) {
        this.token = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!path.startsWith(API_PREFIX) || path.startsWith(INGEST_PREFIX)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw AppError.unauthorized("the management API needs the admin token:"
                    + " send 'Authorization: Bearer TOKEN' (the server's adminToken, CDP_ADMIN_TOKEN)");
        }
        byte[] presented = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw AppError.unauthorized("admin token refused: use the server's adminToken (CDP_ADMIN_TOKEN)");
        }
    }
}
