package io.cdp.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.store.KeyValueStore;
import io.cdp.functions.store.StoreTtl;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The one object a context can call out through ({@code host} in prelude.js): {@code log},
 * {@code fetch}, {@code store}, {@code context} and {@code done}. Values cross as strings (JSON), never as host
 * objects, so the guest holds no reference into the JVM. One bridge per pooled context, pointed
 * at the call that currently runs there.
 */
final class HostBridge implements ProxyObject {
    /** 1 Mi characters: the store keeps lookups and counters, not documents (Redis holds it in memory). */
    static final int MAX_STORE_VALUE_CHARS = 1024 * 1024;
    static final int MAX_STORE_KEY_CHARS = 1024;

    private final HttpFetcher fetcher;
    private final ObjectMapper mapper;
    private final Map<String, ProxyExecutable> members;
    private volatile CallState current;

    HostBridge(HttpFetcher fetcher, ObjectMapper mapper) {
        this.fetcher = fetcher;
        this.mapper = mapper;
        this.members = Map.of(
                "log", this::log,
                "fetch", this::fetch,
                "store", this::store,
                "context", this::context,
                "done", this::done);
    }

    void attach(CallState call) {
        current = call;
    }

    private Object log(Value... arguments) {
        current.log(arguments[0].asString(), arguments[1].asString());
        return null;
    }

    /** ctx's data fields as JSON, asked for when the function first touches one. */
    private Object context(Value... arguments) {
        return current.contextJson();
    }

    private Object done(Value... arguments) {
        current.settle(arguments[0].asString().charAt(0), arguments[1].isNull() ? null : arguments[1].asString());
        return null;
    }

    private Object fetch(Value... arguments) {
        CallState call = current;
        Value resolve = arguments[2];
        Value reject = arguments[3];
        String[] refusal = new String[1];
        CompletableFuture<HttpFetcher.Reply> reply =
                fetcher.fetch(arguments[0].asString(), arguments[1].asString(), call, refusal);
        if (reply == null) {
            return refusal[0];
        }
        reply.thenAccept(answer -> call.post(() -> {
            if (answer.error() == null) {
                resolve.executeVoid(answer.responseJson());
            } else {
                reject.executeVoid(answer.error(), answer.limit());
            }
        }));
        return null;
    }

    private Object store(Value... arguments) {
        String op = arguments[0].asString();
        String key = arguments[1].asString();
        String valueJson = arguments[2].isNull() ? null : arguments[2].asString();
        String optionsJson = arguments[3].isNull() ? null : arguments[3].asString();
        ObjectNode reply = mapper.createObjectNode();
        if (valueJson != null && valueJson.length() > MAX_STORE_VALUE_CHARS) {
            reply.put("error", "a store value may be at most " + MAX_STORE_VALUE_CHARS
                    + " characters of JSON, this one is " + valueJson.length() + " (store value size limit)");
            return reply.put("limit", true).toString();
        }
        if (key.length() > MAX_STORE_KEY_CHARS) {
            reply.put("error", "a store key may be at most " + MAX_STORE_KEY_CHARS + " characters (store key size limit)");
            return reply.put("limit", true).toString();
        }
        try {
            KeyValueStore store = current.store();
            switch (op) {
                case "get" -> store.get(key).ifPresent(json -> reply.set("value", read(json)));
                case "set" -> store.set(key, valueJson == null ? "null" : valueJson, ttl(optionsJson));
                case "del" -> store.del(key);
                case "ttl" -> reply.put("value", store.ttl(key));
                case "getWithTTL" -> store.getWithTtl(key).ifPresent(found -> {
                    ObjectNode value = reply.putObject("value");
                    value.set("value", read(found.json()));
                    value.put("ttl", found.ttl());
                });
                case "getOrSet" -> reply.set("value",
                        read(store.getOrSet(key, valueJson == null ? "null" : valueJson, ttl(optionsJson))));
                default -> reply.put("error", "unknown store operation " + op);
            }
        } catch (IllegalArgumentException e) {
            reply.put("error", e.getMessage());
        } catch (RuntimeException e) {
            reply.put("error", "store unavailable: " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
        }
        return reply.toString();
    }

    private Duration ttl(String optionsJson) {
        return StoreTtl.parse(optionsJson == null ? null : read(optionsJson));
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    @Override
    public Object getMember(String key) {
        return members.get(key);
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromArray((Object[]) members.keySet().toArray(new String[0]));
    }

    @Override
    public boolean hasMember(String key) {
        return members.containsKey(key);
    }

    @Override
    public void putMember(String key, Value value) {
        throw new UnsupportedOperationException("the host bridge is read-only");
    }
}
