package io.cdp.functions;

import io.cdp.functions.call.FunctionResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event that came out of a function chain, and the table it asked for. The table comes from
 * the event's {@code JITSU_TABLE_NAME} (Jitsu's name) or {@code CDP_TABLE}, which are removed
 * from the event; null means the default table.
 */
public record OutputEvent(ObjectNode event, String table) {
    public static final String JITSU_TABLE_NAME = "JITSU_TABLE_NAME";
    public static final String CDP_TABLE = "CDP_TABLE";

    /** Takes the table-routing fields off a (copied) event. */
    public static OutputEvent of(ObjectNode returned) {
        return detach(returned.deepCopy());
    }

    /** The same from a function's JSON output (parsed once here, so nothing else holds it). */
    public static OutputEvent ofJson(String json) {
        return detach(FunctionResult.parse(json));
    }

    private static OutputEvent detach(ObjectNode event) {
        String table = text(event.remove(CDP_TABLE));
        String jitsuTable = text(event.remove(JITSU_TABLE_NAME));
        return new OutputEvent(event, jitsuTable != null ? jitsuTable : table);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
