package io.cdp.server.ingest.browser;

import io.cdp.server.ingest.address.ClientAddress;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.ingest.auth.WriteKeyAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/projects/{writeKey}/settings}: what analytics.js ({@code @segment/analytics-next})
 * fetches from its CDN when it loads, so a page needs only {@code cdnURL} pointed at this server.
 * The settings send every event to this server's Segment API ({@code integrations["Segment.io"]}:
 * {@code apiHost} without a scheme, ending in {@code /v1}, plus {@code protocol}), load no other
 * destination or middleware, and turn off Segment's own metrics. An unknown or revoked key is a
 * 404, as on Segment's CDN.
 *
 * <p>The host is the one the page asked for ({@code Host}); behind a trusted proxy, its
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Proto}. Thread-safe.
 */
@Path("/v1/projects/{writeKey}/settings")
@Produces(MediaType.APPLICATION_JSON)
public record SegmentSettingsResource(WriteKeyAuthenticator authenticator, ClientAddress clientAddress) {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @GET
    public ObjectNode settings(@PathParam("writeKey") String writeKey, @Context HttpHeaders headers,
                               @Context HttpServletRequest request) {
        try {
            authenticator.authenticate(writeKey);
        } catch (AppError refused) {
            if (refused.status() == 401) {
                throw AppError.notFound(refused.getMessage());
            }
            throw refused;
        }
        boolean proxied = clientAddress.isTrustedProxy(request.getRemoteAddr());
        String host = first(proxied ? headers.getHeaderString("X-Forwarded-Host") : null,
                headers.getHeaderString(HttpHeaders.HOST), request.getServerName() + ":" + request.getServerPort());
        String protocol = first(proxied ? headers.getHeaderString("X-Forwarded-Proto") : null, request.getScheme());
        return settings(writeKey, host + "/v1", protocol);
    }

    /** The settings document; {@code apiHost} is {@code host[:port]/v1}. */
    static ObjectNode settings(String writeKey, String apiHost, String protocol) {
        ObjectNode settings = JSON.objectNode();
        ObjectNode segment = settings.putObject("integrations").putObject("Segment.io");
        segment.put("apiKey", writeKey);
        segment.put("apiHost", apiHost);
        segment.put("protocol", protocol);
        segment.putArray("unbundledIntegrations");
        segment.put("addBundledMetadata", true);
        segment.putObject("maybeBundledConfigIds");
        ObjectNode plan = settings.putObject("plan");
        plan.putObject("track").putObject("__default").put("enabled", true).putObject("integrations");
        plan.putObject("identify").putObject("__default").put("enabled", true);
        plan.putObject("group").putObject("__default").put("enabled", true);
        settings.putObject("edgeFunction");
        settings.put("analyticsNextEnabled", true);
        settings.putObject("middlewareSettings");
        settings.putObject("enabledMiddleware");
        // sampleRate 0: analytics.js sends none of its own usage metrics (to Segment, or here).
        settings.putObject("metrics").put("sampleRate", 0);
        settings.put("legacyVideoPluginsEnabled", false);
        settings.putArray("remotePlugins");
        return settings;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.split(",")[0].strip();
            }
        }
        throw new IllegalArgumentException("no candidate");
    }
}
