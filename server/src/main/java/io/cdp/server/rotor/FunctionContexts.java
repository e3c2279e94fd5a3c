package io.cdp.server.rotor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.enrich.GeoLocator;
import io.cdp.functions.Invocation;
import io.cdp.functions.enrich.UserAgents;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.functions.RedisKeyValueStore;
import io.cdp.server.functions.SourceContext;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * Builds the {@code ctx} of a function call from an envelope: headers (as ingest passed them),
 * the parsed user agent, geo, source, workspace, destination(s), connection, times and the
 * workspace's store.
 *
 * <p>Destinations: a source's functions run once, in the rotor, before the bulker writes their
 * output to every configured destination (ClickHouse always, PostgreSQL when enabled). So
 * {@code ctx.destination} is the first of them, {@code ctx.destinations} lists them all, and
 * {@code ctx.connection} is the source's pipeline to them, with id {@code <source id>:<destination
 * id>} and type {@code batch} (the bulker writes in batches). Thread-safe.
 */
public final class FunctionContexts {
    private final RedisClient redis;
    private final GeoLocator geo;
    private final List<Invocation.Entity> destinations;

    /**
     * @param geo          the geo database, or null when none is configured ({@code ctx.geo} absent)
     * @param destinations names of the configured destinations, in the bulker's order
     */
    public FunctionContexts(RedisClient redis, GeoLocator geo, List<String> destinations) {
        this.redis = redis;
        this.geo = geo;
        this.destinations = destinations.stream().map(name -> new Invocation.Entity(name, null, name)).toList();
    }

    /**
     * ctx for {@code envelope}'s event. {@code ingested} is the event as ingest sent it: geo is
     * looked up on its {@code context.ip}, before the IP policy reduced or removed the address
     * in the copy functions see.
     */
    public Invocation of(EventEnvelope envelope, ObjectNode ingested, ObjectNode event, SourceContext source) {
        JsonNode agent = event.at("/context/userAgent");
        ObjectNode ua = agent.isTextual() && !agent.asText().isEmpty() ? UserAgents.shared().parse(agent.asText()) : null;
        Invocation.Entity sourceEntity = source == null ? new Invocation.Entity(envelope.sourceId(), null, null)
                : new Invocation.Entity(source.sourceId(), source.sourceName(), source.sourceType());
        Invocation.Entity destination = destinations.isEmpty() ? null : destinations.get(0);
        Invocation.Entity connection = destination == null || sourceEntity.id() == null ? null
                : new Invocation.Entity(sourceEntity.id() + ":" + destination.id(),
                        (sourceEntity.name() == null ? sourceEntity.id() : sourceEntity.name()) + " → "
                                + destination.id(), "batch");
        return new Invocation(EventJson.MAPPER.createObjectNode(), envelope.headersOrEmpty(), ua, geo(ingested),
                sourceEntity, destination, destinations, connection,
                new Invocation.Entity(envelope.workspaceId(), source == null ? null : source.workspaceName(), null),
                envelope.receivedAt(), envelope.retries(), new RedisKeyValueStore(redis, envelope.workspaceId()));
    }

    private ObjectNode geo(ObjectNode ingested) {
        if (geo == null) {
            return null;
        }
        JsonNode ip = ingested.at("/context/ip");
        return ip.isTextual() ? geo.locate(ip.asText()).orElse(null) : null;
    }
}
