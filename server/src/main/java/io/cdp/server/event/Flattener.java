package io.cdp.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens a nested event into columns: {@code {"a":{"b":1}}} → {@code {"a_b":1}}, every name
 * sanitized by {@link FieldNames}. Arrays stay whole (a {@link FieldType#JSON} value). When two
 * keys sanitize to one name ({@code userId} and {@code user_id}), the first one seen wins, so the
 * result never depends on anything but the event itself. Stateless and thread-safe.
 */
public final class Flattener {
    private Flattener() {
    }

    /** The flattened fields of {@code event}, in document order. */
    public static Map<String, JsonNode> flatten(JsonNode event) {
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        if (event != null && event.isObject()) {
            flattenInto(columns, "", event);
        }
        return columns;
    }

    private static void flattenInto(Map<String, JsonNode> columns, String prefix, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix.isEmpty() ? FieldNames.sanitize(field.getKey())
                    : prefix + "_" + FieldNames.sanitize(field.getKey());
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flattenInto(columns, name, value);
            } else if (name.length() <= FieldNames.MAX_LENGTH) {
                columns.putIfAbsent(name, value);
            } else {
                columns.putIfAbsent(FieldNames.sanitize(name), value);
            }
        }
    }
}
