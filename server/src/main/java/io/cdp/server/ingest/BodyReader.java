package io.cdp.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.keys.WriteKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Pipeline step 2a: reads a request body up to a limit, refusing a larger one with 413 without
 * reading it all, then parses it as one JSON object, whatever Content-Type the client declared.
 * A body sent with {@code Content-Encoding: gzip} is inflated by Jetty; one that is gzip without
 * saying so is inflated here, within the same limit. Stateless.
 *
 * <p>Hostile input is refused here, once, as a 400 that names the reason and, where there is
 * one, the field: nesting deeper than {@value #MAX_DEPTH}, numbers longer than
 * {@value #MAX_NUMBER_LENGTH} digits or out of a double's range, objects of more than
 * {@value #MAX_FIELDS} fields, names longer than {@value #MAX_NAME_LENGTH} characters, NUL
 * characters and lone UTF-16 surrogates (which PostgreSQL and ClickHouse cannot store), and
 * bytes that are not UTF-8.
 */
public final class BodyReader {
    /** Deepest nesting of objects and arrays a body may have. */
    public static final int MAX_DEPTH = 64;
    /** Longest number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Most fields one object may have. */
    public static final int MAX_FIELDS = 1000;
    /** Longest field name, in characters. */
    public static final int MAX_NAME_LENGTH = 1000;

    private static final ObjectReader JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .build())
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BodyReader() {
    }

    /**
     * The body's bytes, at most {@code limitBytes}, inflated when they are gzip.
     * {@code declaredLength} is the Content-Length header (-1 when absent): a body declared too
     * large is refused before it is read.
     */
    public static byte[] read(InputStream body, long declaredLength, int limitBytes, String what) {
        if (declaredLength > limitBytes) {
            throw tooLarge(what, limitBytes);
        }
        byte[] bytes = readAtMost(body, limitBytes, what, "request body cannot be read: ");
        return isGzip(bytes) ? inflate(bytes, limitBytes, what) : bytes;
    }

    /** The bytes as a JSON object. */
    public static ObjectNode parseObject(byte[] bytes) {
        if (bytes.length == 0) {
            throw AppError.badRequest("request body is empty: send a JSON object", null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (StreamConstraintsException tooBig) {
            // Carries no location: it names the limit that was crossed.
            throw AppError.badRequest("request body refused: " + tooBig.getOriginalMessage(), null);
        } catch (JsonProcessingException malformed) {
            throw AppError.badRequest("malformed JSON: " + WriteKeys.scrub(malformed.getOriginalMessage())
                    + where(malformed.getLocation()) + "; the body must be JSON, whatever its Content-Type", null);
        } catch (IOException unreadable) {
            throw AppError.badRequest("request body cannot be read: " + unreadable.getMessage(), null);
        }
        if (!(json instanceof ObjectNode object)) {
            throw AppError.badRequest("request body must be a JSON object, got " + json.getNodeType().name()
                    .toLowerCase(Locale.ROOT), null);
        }
        checkValues(object, "");
        return object;
    }

    private static byte[] readAtMost(InputStream body, int limitBytes, String what, String unreadableMessage) {
        try {
            byte[] bytes = body.readNBytes(limitBytes + 1);
            if (bytes.length > limitBytes) {
                throw tooLarge(what, limitBytes);
            }
            return bytes;
        } catch (IOException unreadable) {
            throw AppError.badRequest(unreadableMessage + unreadable.getMessage(), null);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
    }

    /** Inflates at most {@code limitBytes}: a gzip bomb stops at the limit. */
    private static byte[] inflate(byte[] gzip, int limitBytes, String what) {
        String corruptMessage = "request body is gzip but cannot be inflated: ";
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return readAtMost(inflated, limitBytes, what, corruptMessage);
        } catch (IOException corrupt) {
            throw AppError.badRequest(corruptMessage + corrupt.getMessage(), null);
        }
    }

    /** What the parser's limits cannot see: too many fields, NUL, lone surrogates, infinite numbers. */
    private static void checkValues(JsonNode node, String path) {
        if (node.isObject()) {
            if (node.size() > MAX_FIELDS) {
                throw AppError.badRequest(describe(path) + " has " + node.size() + " fields; at most " + MAX_FIELDS,
                        fieldOf(path));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                checkText(field.getKey(), child, "name");
                checkValues(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                checkValues(node.get(index), path + "[" + index + "]");
            }
        } else if (node.isTextual()) {
            checkText(node.textValue(), path, "value");
        } else if (node.isDouble() && !Double.isFinite(node.doubleValue())) {
            throw AppError.badRequest(describe(path) + " is a number out of range", fieldOf(path));
        }
    }

    private static void checkText(String text, String path, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw AppError.badRequest(describe(path) + ": its " + what + " contains a NUL character (\\u0000)",
                        fieldOf(path));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw AppError.badRequest(describe(path) + ": its " + what + " contains a lone UTF-16 surrogate ("
                        + String.format("\\u%04x", (int) c) + "), which is not Unicode text", fieldOf(path));
            }
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "request body" : "field " + fieldOf(path);
    }

    /** Field names are the client's: cut so that an error stays short. */
    private static String fieldOf(String path) {
        return path.isEmpty() ? null : path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static AppError tooLarge(String what, int limitBytes) {
        return AppError.payloadTooLarge(what + " is larger than the limit of " + limitBytes / 1024 + " KB");
    }
}
