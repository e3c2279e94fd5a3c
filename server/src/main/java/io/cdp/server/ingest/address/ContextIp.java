package io.cdp.server.ingest.address;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gives an event the client's address as {@code context.ip} when it has none, as Segment's API
 * does: browsers (analytics.js) never send one, while server-side libraries send the end user's
 * address, which must win over the address of the server that relayed it. "None" is a missing or
 * null {@code context.ip}, or a blank string; any other value is the event's own and is kept.
 * Stateless and thread-safe.
 */
public final class ContextIp {
    /** The field inside {@code context}. */
    public static final String FIELD = "ip";

    private ContextIp() {
    }

    /**
     * Sets {@code context.ip} of {@code event} to {@code clientAddress} unless the event has its
     * own, creating {@code context} when it is missing or null. Nothing changes when the address
     * is unknown (null) or {@code context} is not an object (validation has refused such events).
     *
     * @return whether the event was changed
     */
    public static boolean fillIfAbsent(ObjectNode event, String clientAddress) {
        if (clientAddress == null) {
            return false;
        }
        JsonNode context = event.get("context");
        if (context == null || context.isNull()) {
            event.putObject("context").put(FIELD, clientAddress);
            return true;
        }
        if (!(context instanceof ObjectNode object)) {
            return false;
        }
        JsonNode own = object.get(FIELD);
        if (own != null && !own.isNull() && !(own.isTextual() && own.asText().isBlank())) {
            return false;
        }
        object.put(FIELD, clientAddress);
        return true;
    }
}
