package io.cdp.server.ingest.browser;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * CORS for the browser side of the ingest API (the Segment and Jitsu paths and analytics.js's
 * settings), so that analytics.js and {@code @jitsu/js} on a page of another origin can send
 * events. A preflight ({@code OPTIONS} with an {@code Origin}) is answered here, before any
 * resource, since it carries no write key; every answer to a request with an {@code Origin}
 * reflects it, with credentials allowed (analytics.js may send {@code credentials: "include"}).
 *
 * <p>Which origins a source accepts is checked once the key is known ({@code IngestResource}):
 * a refused origin gets a 403 that does not reflect it ({@link #refuse}). The management API is
 * left alone: it is no browser's business. Thread-safe.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class BrowserCors implements ContainerRequestFilter, ContainerResponseFilter {
    /** Request headers a browser client may send: Segment's and Jitsu's. */
    public static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Write-Key, X-Retry-Count,"
            + " X-Enable-Debug, X-IP-Policy, Content-Encoding";
    /** How long (seconds) a browser may cache a preflight's answer. */
    public static final int MAX_AGE_SECONDS = 86_400;

    private static final String ORIGIN = "Origin";
    private static final String REFUSED = BrowserCors.class.getName() + ".refused";
    private static final Pattern INGEST_PATHS = Pattern.compile("/?(?:v1/)?(?:track|identify|page|screen|group"
            + "|alias|batch|import|[tipsgab])|/?api/s/.*|/?v1/projects/[^/]+/settings");

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod()) && request.getHeaderString(ORIGIN) != null
                && isIngestPath(request)) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "POST, OPTIONS, GET")
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", MAX_AGE_SECONDS)
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (origin == null || request.getProperty(REFUSED) != null || !isIngestPath(request)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", origin);
        headers.putSingle("Access-Control-Allow-Credentials", "true");
        headers.add("Vary", ORIGIN);
    }

    /** Marks the request as coming from an origin its source does not accept: its answer gets no CORS headers. */
    public static void refuse(HttpServletRequest request) {
        // Jersey's request properties are the servlet request's attributes.
        request.setAttribute(REFUSED, Boolean.TRUE);
    }

    private static boolean isIngestPath(ContainerRequestContext request) {
        return INGEST_PATHS.matcher(request.getUriInfo().getPath()).matches();
    }
}
