package io.cdp.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.cdp.server.keys.WriteKeys;
import java.io.IOException;
import java.io.InputStream;

/**
 * Pipeline step 2a: reads a request body (already inflated by Jetty when it was gzip) up to a
 * limit, refusing a larger one with 413 without reading it all, then parses it as one JSON
 * object (400 when it is not). Stateless.
 */
public final class BodyReader {
    private static final ObjectReader JSON = EventJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BodyReader() {
    }

    /**
     * The body's bytes, at most {@code limitBytes}. {@code declaredLength} is the Content-Length
     * header (-1 when absent): a body declared too large is refused before it is read.
     */
    public static byte[] read(InputStream body, long declaredLength, int limitBytes, String what) {
        if (declaredLength > limitBytes) {
            throw tooLarge(what, limitBytes);
        }
        try {
            byte[] bytes = body.readNBytes(limitBytes + 1);
            if (bytes.length > limitBytes) {
                throw tooLarge(what, limitBytes);
            }
            return bytes;
        } catch (IOException unreadable) {
            throw AppError.badRequest("request body cannot be read: " + unreadable.getMessage(), null);
        }
    }

    /** The bytes as a JSON object. */
    public static ObjectNode parseObject(byte[] bytes) {
        if (bytes.length == 0) {
            throw AppError.badRequest("request body is empty: send a JSON object", null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (JsonProcessingException malformed) {
            throw AppError.badRequest("malformed JSON: " + WriteKeys.scrub(malformed.getOriginalMessage())
                    + " (line " + malformed.getLocation().getLineNr() + ", column "
                    + malformed.getLocation().getColumnNr() + ")", null);
        } catch (IOException unreadable) {
            throw AppError.badRequest("request body cannot be read: " + unreadable.getMessage(), null);
        }
        if (!(json instanceof ObjectNode object)) {
            throw AppError.badRequest("request body must be a JSON object, got " + json.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT), null);
        }
        return object;
    }

    private static AppError tooLarge(String what, int limitBytes) {
        return AppError.payloadTooLarge(what + " is larger than the limit of " + limitBytes / 1024 + " KB");
    }
}
