package io.cdp.server.rotor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.FunctionRuntime;
import io.cdp.server.event.EventJson;
import io.cdp.server.functions.FunctionRepo;
import io.cdp.server.functions.SourceContext;
import io.cdp.server.functions.StoredFunction;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function chain of each source, read from PostgreSQL and cached for a short time (so a
 * deploy is picked up within {@code chainCacheTtl}); each function version is compiled once and
 * kept. Thread-safe.
 */
public class FunctionChains {
    /**
     * A source's chain as the rotor runs it, with each function's props by function id;
     * {@code broken} holds a function whose code no longer compiles.
     */
    public record Chain(Optional<SourceContext> source, List<CompiledFunction> functions, Map<String, ObjectNode> props,
                        StoredFunction broken, String brokenMessage) {
        public boolean isEmpty() {
            return functions.isEmpty() && broken == null;
        }
    }

    private record Cached(Chain chain, long expiresAt) {
    }

    private final FunctionRepo repo;
    private final FunctionRuntime runtime;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> chains = new ConcurrentHashMap<>();
    private final Map<String, CompiledFunction> compiled = new ConcurrentHashMap<>();

    public FunctionChains(FunctionRepo repo, FunctionRuntime runtime, Duration ttl, Clock clock) {
        this.repo = repo;
        this.runtime = runtime;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The chain of {@code sourceId} (empty for an unknown or null source). */
    public Chain forSource(String sourceId) {
        if (sourceId == null) {
            return new Chain(Optional.empty(), List.of(), Map.of(), null, null);
        }
        long now = clock.millis();
        Cached cached = chains.get(sourceId);
        if (cached != null && cached.expiresAt() > now) {
            return cached.chain();
        }
        Chain chain = load(sourceId);
        chains.put(sourceId, new Cached(chain, now + ttl.toMillis()));
        return chain;
    }

    private Chain load(String sourceId) {
        Optional<SourceContext> source = repo.sourceContext(sourceId);
        List<CompiledFunction> functions = new ArrayList<>();
        Map<String, ObjectNode> props = new HashMap<>();
        for (StoredFunction function : repo.chain(sourceId)) {
            props.put(function.id(), props(function));
            String key = function.id() + "@" + function.version();
            CompiledFunction ready = compiled.get(key);
            if (ready == null) {
                try {
                    ready = runtime.compile(function.functionCode());
                } catch (FunctionCompileException e) {
                    return new Chain(source, functions, props, function, e.getMessage());
                }
                compiled.put(key, ready);
            }
            functions.add(ready);
        }
        return new Chain(source, functions, props, null, null);
    }

    private static ObjectNode props(StoredFunction function) {
        try {
            JsonNode props = EventJson.MAPPER.readTree(function.props() == null ? "{}" : function.props());
            return props instanceof ObjectNode object ? object : EventJson.MAPPER.createObjectNode();
        } catch (IOException e) {
            return EventJson.MAPPER.createObjectNode();
        }
    }
}
