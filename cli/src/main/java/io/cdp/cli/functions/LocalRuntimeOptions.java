package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.enrich.GeoLocator;
import io.cdp.functions.Invocation;
import io.cdp.functions.store.KeyValueStore;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.enrich.UserAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code cdp functions test} and {@code bench}: the limits and fetch allow-list
 * of the local runtime (the rotor's defaults unless changed), and how ctx is filled for a local run.
 */
public class LocalRuntimeOptions {
    /** Functions that never mention ua skip the parser (it takes seconds to build). */
    private static final Pattern USES_UA = Pattern.compile("\\bua\\b");
    /** What ctx.destination names locally: the destination every server writes to. */
    private static final String LOCAL_DESTINATION = "clickhouse";

    @Option(names = "--allow-host", paramLabel = "HOST",
            description = "A host ctx.fetch may reach; repeat it for more, and write *.example.com for"
                    + " subdomains (default: none, as in the rotor until configured).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "5s",
            description = "Wall-clock limit per call, like the rotor's (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--statement-limit", paramLabel = "N", defaultValue = "" + RuntimeConfig.DEFAULT_STATEMENT_LIMIT,
            description = "JavaScript statements one call may run, like the rotor's rotor.statementLimit; 0 = no "
                    + "limit, only the time limit (default: ${DEFAULT-VALUE}).")
    long statementLimit;

    @Option(names = "--props", paramLabel = "FILE", description = "ctx.props, a JSON object.") Path props;

    RuntimeConfig config(int poolSize) {
        if (statementLimit < 0) {
            throw new IllegalArgumentException("--statement-limit must be 0 (no limit) or more, was " + statementLimit);
        }
        return RuntimeConfig.defaults()
                .withPoolSize(poolSize)
                .withStatementLimit(statementLimit)
                .withTimeLimit(parseDuration(timeLimit))
                .withFetch(new FetchPolicy(allowedHosts, FetchPolicy.DEFAULT_TIMEOUT));
    }

    /** ctx.props from --props, null without it. */
    JsonNode props() throws LocalInputs.BadInputException {
        return props == null ? null : LocalInputs.object(props, "props file");
    }

    /** "5s", "500ms", "2m" or ISO-8601 ("PT5S"). */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase();
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write 5s, 500ms or 2m");
        }
    }

    /**
     * ctx for a local run: a local source and workspace, the event's own User-Agent parsed, the
     * given request headers, geo from {@code geo} (null: none) on the event's {@code context.ip},
     * and ClickHouse as the destination, as in a server with the default configuration.
     */
    static Invocation invocation(String code, ObjectNode event, JsonNode props, KeyValueStore store,
                                 Map<String, String> headers, GeoLocator geo) {
        ObjectNode ua = null;
        if (USES_UA.matcher(code).find()) {
            ua = UserAgents.shared().parse(event.at("/context/userAgent").asText(""));
        }
        JsonNode receivedAt = event.get("receivedAt");
        Instant received = Instant.now();
        if (receivedAt != null && receivedAt.isTextual()) {
            try {
                received = Instant.parse(receivedAt.asText());
            } catch (RuntimeException notIso) {
                // Keep "now": the event's own field is the user's, not the server's.
            }
        }
        JsonNode ip = event.at("/context/ip");
        ObjectNode location = geo == null || !ip.isTextual() ? null : geo.locate(ip.asText()).orElse(null);
        Invocation.Entity destination = new Invocation.Entity(LOCAL_DESTINATION, null, LOCAL_DESTINATION);
        return new Invocation(props == null ? null : (ObjectNode) props, headers, ua, location,
                new Invocation.Entity("local", "cdp functions test", "browser"), destination, List.of(destination),
                new Invocation.Entity("local:" + LOCAL_DESTINATION, "cdp functions test → " + LOCAL_DESTINATION,
                        "batch"),
                new Invocation.Entity("local", "local", null), received, 0, store);
    }
}
