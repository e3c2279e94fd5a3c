package io.cdp.server.rotor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.cdp.server.event.EventJson;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rotor's path for an event no function will see: the envelope's JSON is copied field by
 * field into what goes to {@code events.processed}, leaving out the request headers (and, as the
 * envelope reader does, fields it does not know), instead of being read into an
 * {@code EventEnvelope} and written again. Reading and writing envelopes was half of the rotor's
 * CPU per event in a profile of {@code cdp bench rotor}. The output is what the full path writes
 * for such an event when the IP policy keeps addresses. Stateless.
 */
final class PassThrough {
    /** The envelope's fields in the order {@code EventEnvelope} writes them. */
    private static final List<String> FIELDS = List.of("workspace_id", "source_id", "message_id", "type",
            "received_at", "table", "retries", "not_before", "headers", "event");
    private static final int HEADERS = FIELDS.indexOf("headers");
    private static final int SOURCE_ID = FIELDS.indexOf("source_id");
    private static final int REQUIRED = bit("workspace_id") | bit("message_id") | bit("event");
    private static final JsonFactory JSON = EventJson.MAPPER.getFactory();

    private PassThrough() {
    }

    /**
     * The bytes to write for {@code envelope}, or null when its source has functions (asked of
     * {@code withoutFunctions} with its source id, or null, as soon as that is read, so the copy
     * stops there) or it is not plainly an envelope (not JSON, a required field missing, a field
     * twice, a value of the wrong kind): the full path then runs the functions, or reads it and
     * says what is wrong.
     */
    static byte[] copy(byte[] envelope, Predicate<String> withoutFunctions) {
        // The kept fields are copied as the bytes they are, from a name's opening quote to the
        // end of its value: the parser still reads every token, so what is not JSON is refused.
        ByteArrayBuilder out = new ByteArrayBuilder(envelope.length);
        try (JsonParser parser = JSON.createParser(envelope)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            out.write('{');
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int field = FIELDS.indexOf(name);
                if (field < 0 || field == HEADERS) {
                    parser.skipChildren();
                    continue;
                }
                if ((seen & 1 << field) != 0 || !fits(name, value)) {
                    return null;
                }
                seen |= 1 << field;
                if (field == SOURCE_ID
                        && !withoutFunctions.test(value == JsonToken.VALUE_NULL ? null : parser.getText())) {
                    return null;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue; // the envelope writer leaves nulls out
                }
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else {
                    parser.finishToken();
                }
                if (out.size() > 1) {
                    out.write(',');
                }
                out.write(envelope, start, (int) parser.currentLocation().getByteOffset() - start);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null
                    || (seen & REQUIRED) != REQUIRED) {
                return null;
            }
            if ((seen & 1 << SOURCE_ID) == 0 && !withoutFunctions.test(null)) {
                return null;
            }
            out.write('}');
            return out.toByteArray();
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Whether {@code value} is of the kind the envelope reader takes for field {@code name}. */
    private static boolean fits(String name, JsonToken value) {
        return switch (name) {
            case "event" -> value == JsonToken.START_OBJECT;
            case "retries" -> value == JsonToken.VALUE_NUMBER_INT;
            case "workspace_id", "message_id" -> value == JsonToken.VALUE_STRING;
            default -> value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
        };
    }

    private static int bit(String field) {
        return 1 << FIELDS.indexOf(field);
    }
}
