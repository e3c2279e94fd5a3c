package io.cdp.server.ingest;

import io.cdp.server.ingest.address.ClientAddress;
import io.cdp.server.ingest.browser.BrowserCors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.ingest.auth.WriteKeyAuthenticator;
import io.cdp.server.ingest.auth.WriteKeyExtractor;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.keys.WriteKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The Segment-compatible HTTP API: {@code POST /v1/track|identify|page|screen|group|alias} for
 * one event and {@code POST /v1/batch} (alias {@code /v1/import}) for many, each also without the
 * {@code /v1} prefix; analytics.js's short paths {@code /v1/t|i|p|s|g|a} and {@code /v1/b}; and
 * Jitsu's {@code /api/s/{type}} and {@code /api/s/s2s/{type}} ({@code @jitsu/js}). This class handles HTTP only: content type, write key (step 1), body size
 * and JSON (step 2a), the client's address ({@link ClientAddress}) and the request headers
 * functions see ({@link RequestHeaders}), the log line; {@link IngestService} runs the rest of
 * the pipeline.
 *
 * <p>The key is looked up before the body is read when it comes in a header; when it is only in
 * the body, the body has to be read (within its size limit) first. A browser request (one with an
 * {@code Origin}) is refused with 403 when the key's source does not accept that origin;
 * {@link BrowserCors} answers preflights and adds the CORS headers.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public record IngestResource(WriteKeyAuthenticator authenticator, IngestService service, IngestLog log,
                             IngestConfig config, ClientAddress clientAddress, Clock clock) {
    private static final Map<String, String> SHORT_TYPES = Map.of("t", "track", "i", "identify", "p", "page",
            "s", "screen", "g", "group", "a", "alias");

    /** State of one request, filled in as the steps run, for its log line. */
    private static final class Call {
        final long started = System.nanoTime();
        KeyOwner owner;
        String maskedKey;
        ObjectNode body;
    }

    @POST
    @Path("{type: (?:v1/)?(?:track|identify|page|screen|group|alias|[tipsga])"
            + "|api/s/(?:s2s/)?(?:track|identify|page|screen|group|alias)}")
    public SingleResult single(@PathParam("type") String path, @Context HttpHeaders headers,
                               @Context HttpServletRequest request, InputStream body) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        String type = SHORT_TYPES.getOrDefault(last, last);
        Call call = new Call();
        try {
            ObjectNode event = read(call, headers, request, body, config.payloadLimitBytes(), "event");
            SingleResult result = service.ingest(call.owner, type, event, arrival(headers, request));
            log.log(new IngestLog.Entry(call.owner, null, type, result.messageId(), elapsed(call), 200,
                    result.duplicate() == null ? "event accepted" : "duplicate event not forwarded", null, null,
                    event));
            return result;
        } catch (AppError refused) {
            log.log(new IngestLog.Entry(call.owner, call.maskedKey, type, messageIdOf(call.body), elapsed(call),
                    refused.status(), "event refused", refused.getMessage(), refused.field().orElse(null), call.body));
            throw refused;
        }
    }

    @POST
    @Path("{kind: (?:v1/)?(?:batch|import|b)}")
    public Response batch(@Context HttpHeaders headers, @Context HttpServletRequest request, InputStream body) {
        Call call = new Call();
        try {
            ObjectNode batch = read(call, headers, request, body, config.batchLimitBytes(), "batch");
            BatchResult result = service.ingestBatch(call.owner, batch, arrival(headers, request));
            for (EventRejection rejection : result.rejected()) {
                log.log(new IngestLog.Entry(call.owner, null, eventType(rejection.payload()), rejection.messageId(),
                        elapsed(call), rejection.status(), "batch event " + rejection.index() + " refused",
                        rejection.error(), rejection.field(), rejection.payload()));
            }
            int status = result.success() ? 200 : 503;
            log.log(new IngestLog.Entry(call.owner, null, "batch", null, elapsed(call), status,
                    "batch: " + result.accepted() + " accepted, " + result.duplicates() + " duplicates, "
                            + result.rejected().size() + " rejected"
                            + (result.success() ? "" : ", " + result.unavailable().size() + " not taken (503)"),
                    result.error(), null, batch));
            if (result.success()) {
                return Response.ok(result).build();
            }
            // Some events were taken and some not: the body says which, so a retry of the whole batch is safe.
            return Response.status(503).header("Retry-After", IngestService.RETRY_AFTER_SECONDS).entity(result).build();
        } catch (AppError refused) {
            log.log(new IngestLog.Entry(call.owner, call.maskedKey, "batch", null, elapsed(call), refused.status(),
                    "batch refused", refused.getMessage(), refused.field().orElse(null), call.body));
            throw refused;
        }
    }

    /** Steps 1 and 2a: content type, write key (and the origin it accepts), size limit, JSON. */
    private ObjectNode read(Call call, HttpHeaders headers, HttpServletRequest request, InputStream body,
                            int limitBytes, String what) {
        requireJson(headers.getMediaType());
        Optional<String> headerKey = WriteKeyExtractor.fromHeaders(headers);
        if (headerKey.isPresent()) {
            authenticate(call, headerKey.get());
            requireAllowedOrigin(call.owner, headers, request);
        }
        ObjectNode json = BodyReader.parseObject(BodyReader.read(body, headers.getLength(), limitBytes, what));
        Optional<String> bodyKey = WriteKeyExtractor.fromBody(json);
        json.remove(WriteKeyExtractor.BODY_FIELD); // from here on the body may be logged
        call.body = json;
        if (call.owner == null) {
            authenticate(call, bodyKey.orElse(null));
            requireAllowedOrigin(call.owner, headers, request);
        }
        return json;
    }

    /** A browser's request from an origin the source does not list is a 403 the page cannot read. */
    private static void requireAllowedOrigin(KeyOwner owner, HttpHeaders headers, HttpServletRequest request) {
        String origin = headers.getHeaderString("Origin");
        if (!owner.allowsOrigin(origin)) {
            BrowserCors.refuse(request);
            throw AppError.forbidden("origin " + origin + " is not allowed to send events to this source: add it with"
                    + " `cdp workspaces origins`");
        }
    }

    private void authenticate(Call call, String key) {
        call.maskedKey = key == null ? null : WriteKeys.mask(key);
        call.owner = authenticator.authenticate(key);
    }

    /**
     * A JSON body is JSON whatever its declared type: SDKs send it as text/plain (analytics.js,
     * sendBeacon: no CORS preflight), application/x-www-form-urlencoded (RudderStack's Node SDK)
     * or with none at all. Only multipart, which cannot be one JSON document, is refused.
     */
    private static void requireJson(MediaType type) {
        if (type != null && "multipart".equalsIgnoreCase(type.getType())) {
            throw AppError.unsupportedMediaType("Content-Type " + type.getType() + "/" + type.getSubtype()
                    + " is not accepted: send the event as a JSON body (any Content-Type but multipart)");
        }
    }

    private static String messageIdOf(JsonNode event) {
        JsonNode id = event == null ? null : event.get("messageId");
        return id != null && id.isValueNode() ? id.asText() : null;
    }

    private static String eventType(JsonNode event) {
        JsonNode type = event == null ? null : event.get("type");
        return type != null && type.isTextual() ? type.asText() : null;
    }

    /** When and from where the request came, and the headers functions see. */
    private Arrival arrival(HttpHeaders headers, HttpServletRequest request) {
        String client = clientAddress.resolve(request.getRemoteAddr(),
                headers.getRequestHeader(ClientAddress.FORWARDED_FOR),
                headers.getHeaderString(ClientAddress.REAL_IP)).orElse(null);
        return new Arrival(receivedNow(), client, RequestHeaders.of(headers.getRequestHeaders()));
    }

    /** Milliseconds are what the event's ISO times carry; the envelope's received_at must match them. */
    private Instant receivedNow() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static long elapsed(Call call) {
        return (System.nanoTime() - call.started) / 1_000_000;
    }
}
