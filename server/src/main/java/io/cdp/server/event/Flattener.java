package io.cdp.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens a nested event into columns: {@code {"a":{"b":1}}} → {@code {"a_b":1}}, every name
 * sanitized by {@link FieldNames}. Arrays stay whole (a {@link FieldType#JSON} value).
 *
 * <p>When two keys flatten to one name ({@code userId} and {@code user_id}, {@code a.b} and
 * {@code a_b}, two long names equal once cut to {@link FieldNames#MAX_LENGTH}), no value is
 * dropped: if both hold the same value (equal JSON) or one of them is null, the column has that
 * value, as nothing is lost; otherwise the event is refused with a {@link FieldCollisionException}
 * naming both keys. The rule does not depend on the keys' order. The bulker's {@code RowReader}
 * applies the same rule to what the functions return. Stateless and thread-safe.
 */
public final class Flattener {
    private Flattener() {
    }

    /**
     * The flattened fields of {@code event}, in document order (a null value where every key of
     * its column is null).
     *
     * @throws FieldCollisionException when two keys flatten to one name with different values
     */
    public static Map<String, JsonNode> flatten(JsonNode event) {
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        if (event != null && event.isObject()) {
            flattenInto(columns, new HashMap<>(), "", "", event);
        }
        return columns;
    }

    /**
     * Flattens {@code object}, whose column names start with {@code prefix} and whose keys' paths
     * with {@code pathPrefix}; {@code keys} remembers which key set each column, for the message.
     */
    private static void flattenInto(Map<String, JsonNode> columns, Map<String, String> keys, String prefix,
                                    String pathPrefix, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix.isEmpty() ? FieldNames.sanitize(field.getKey())
                    : prefix + "_" + FieldNames.sanitize(field.getKey());
            String path = pathPrefix.isEmpty() ? field.getKey() : pathPrefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flattenInto(columns, keys, name, path, value);
                continue;
            }
            String column = name.length() <= FieldNames.MAX_LENGTH ? name : FieldNames.sanitize(name);
            JsonNode earlier = columns.get(column);
            if (earlier == null || earlier.isNull()) {
                columns.put(column, value);
                if (!value.isNull()) {
                    keys.put(column, path);
                }
            } else if (!value.isNull() && !earlier.equals(value)) {
                throw new FieldCollisionException(column, keys.get(column), path);
            }
        }
    }
}
