package io.cdp.functions;

import io.cdp.functions.store.KeyValueStore;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a function call gets besides the event: the data fields of {@code ctx} (serialised
 * to JSON and handed to the function as they are, so their names follow Jitsu's
 * {@code EventContext}) and the {@link KeyValueStore} behind {@code ctx.store}.
 *
 * <p>{@code ua} and {@code geo} are absent (null) when unknown, as in Jitsu. {@code headers} are
 * the HTTP request's, names lower-case (the guest side also answers them under any case).
 * {@code destination} is where the event is written first and {@code destinations} (not in Jitsu)
 * every place it is written; {@code connection} is the source's pipeline to them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Invocation(
        ObjectNode props,
        Map<String, String> headers,
        ObjectNode ua,
        ObjectNode geo,
        Entity source,
        Entity destination,
        List<Entity> destinations,
        Entity connection,
        Entity workspace,
        Instant receivedAt,
        int retries,
        @JsonIgnore KeyValueStore store) {

    public Invocation {
        headers = headers == null ? Map.of() : headers;
        destinations = destinations == null || destinations.isEmpty() ? null : List.copyOf(destinations);
        Objects.requireNonNull(store, "store");
    }

    /** An invocation with nothing but a store: for tests and tools. */
    public static Invocation minimal(KeyValueStore store) {
        return new Invocation(null, Map.of(), null, null, null, null, null, null, null, null, 0, store);
    }

    public Invocation withProps(ObjectNode newProps) {
        return new Invocation(newProps, headers, ua, geo, source, destination, destinations, connection, workspace,
                receivedAt, retries, store);
    }

    public Invocation withUa(ObjectNode newUa) {
        return new Invocation(props, headers, newUa, geo, source, destination, destinations, connection, workspace,
                receivedAt, retries, store);
    }

    public Invocation withGeo(ObjectNode newGeo) {
        return new Invocation(props, headers, ua, newGeo, source, destination, destinations, connection, workspace,
                receivedAt, retries, store);
    }

    public Invocation withHeaders(Map<String, String> newHeaders) {
        return new Invocation(props, newHeaders, ua, geo, source, destination, destinations,
                connection, workspace, receivedAt, retries, store);
    }

    /** {@code ctx.source}, {@code ctx.workspace} and friends: an id, a name, and a type where one applies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entity(String id, String name, String type) {
    }
}
