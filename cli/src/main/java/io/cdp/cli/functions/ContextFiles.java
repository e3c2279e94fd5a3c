package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.enrich.GeoLocator;
import io.cdp.functions.store.InMemoryStore;
import io.cdp.functions.store.StoreTtl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The files that fill ctx for {@code cdp functions test}, as the server would: {@code --store}
 * (ctx.store's seed), {@code --headers} (ctx.headers) and {@code --geo-db} (where ctx.geo is
 * looked up), and reading them. A picocli {@code @Mixin}; not thread-safe.
 */
public class ContextFiles {
    @Option(names = "--store", paramLabel = "FILE",
            description = "Seed of ctx.store: a JSON object of key -> value (in memory, printed after the run).")
    Path store;

    @Option(names = "--headers", paramLabel = "FILE",
            description = "ctx.headers: a JSON object of header name -> value, as the HTTP request that carried "
                    + "the event would have them (names are lower-cased, as the server does).")
    Path headers;

    @Option(names = "--geo-db", paramLabel = "FILE.mmdb",
            description = "A MaxMind City or Country database such as GeoLite2-City.mmdb: ctx.geo is looked up on"
                    + " the event's context.ip, as the rotor does with its rotor.geoDatabase. Without it ctx.geo is"
                    + " absent.")
    Path geoDatabase;

    /** Whether --store seeds the store (then it is printed after the run even when empty). */
    boolean seedsStore() {
        return store != null;
    }

    /** ctx.store in memory, holding the --store seed (empty without it). */
    InMemoryStore store() throws LocalInputs.BadInputException {
        InMemoryStore memory = new InMemoryStore();
        if (store != null) {
            ObjectNode seed = LocalInputs.object(store, "store file");
            for (Iterator<Map.Entry<String, JsonNode>> it = seed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                memory.set(entry.getKey(), entry.getValue().toString(), StoreTtl.DEFAULT);
            }
        }
        return memory;
    }

    /** ctx.headers from --headers: names lower-cased, values strings; none without it. */
    Map<String, String> headers() throws LocalInputs.BadInputException {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> values = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = LocalInputs.object(headers, "headers file").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                throw new LocalInputs.BadInputException("headers file " + headers + ": header '" + header.getKey()
                        + "' must be a string, not " + header.getValue().getNodeType());
            }
            values.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return values;
    }

    /** The --geo-db database, opened (close it), or null without it: ctx.geo is then absent. */
    GeoLocator openGeo() throws LocalInputs.BadInputException {
        if (geoDatabase == null) {
            return null;
        }
        try {
            return GeoLocator.open(geoDatabase);
        } catch (IOException e) {
            throw new LocalInputs.BadInputException("--geo-db: " + e.getMessage()
                    + "; give a GeoLite2/GeoIP2 City or Country .mmdb file");
        }
    }
}
