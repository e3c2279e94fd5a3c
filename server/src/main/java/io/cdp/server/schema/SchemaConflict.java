package io.cdp.server.schema;

import io.cdp.server.event.FieldType;

/** A value whose type the learned schema does not accept: which field, what was learned, what came. */
public record SchemaConflict(String field, FieldType learned, FieldType received) {
    public String message() {
        return field + " is " + learned.id() + " in this workspace's schema, got " + received.id()
                + " (no type coercion: send a " + learned.id() + " or use another field name)";
    }
}
