package io.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The management API's endpoints that serve the console ({@code cdp dashboard}, {@code cdp events
 * tail}): live events, the process's meters, migration status, keys' last use, functions. Built
 * on {@link ManagementClient}; answers are the server's JSON as it is (docs/api.md). Thread-safe.
 *
 * <pre>{@code
 * ConsoleClient console = new ConsoleClient(management);
 * JsonNode page = console.liveEvents(0, LiveQuery.ANY, 100);
 * long next = page.path("last_seq").asLong();
 * }</pre>
 */
public class ConsoleClient {
    private final ManagementClient management;

    public ConsoleClient(ManagementClient management) {
        this.management = management;
    }

    public ManagementClient management() {
        return management;
    }

    /** Which live events: each part may be null; workspace and source by name or id. */
    public record LiveQuery(String workspace, String source, String type, String text) {
        public static final LiveQuery ANY = new LiveQuery(null, null, null, null);
    }

    /**
     * The events ingest judged after {@code afterSeq} (0: the newest {@code limit}), oldest first:
     * {@code {"events": [...], "last_seq": n, "skipped": n}}. Asking keeps the server recording.
     */
    public JsonNode liveEvents(long afterSeq, LiveQuery query, int limit) throws ApiException, ServerUnreachableException {
        StringBuilder path = new StringBuilder("/events/live?after=").append(afterSeq).append("&limit=").append(limit);
        parameter(path, "workspace", query.workspace());
        parameter(path, "source", query.source());
        parameter(path, "type", query.type());
        parameter(path, "text", query.text());
        return management.get(path.toString());
    }

    /**
     * One recent event with its payload before functions and what the rotor wrote:
     * {@code {"event", "processed"}}; {@code seq} picks one verdict of a message id sent twice (0: the newest).
     */
    public JsonNode liveEvent(String messageId, long seq) throws ApiException, ServerUnreachableException {
        return management.get("/events/live/" + encode(messageId) + "?seq=" + seq);
    }

    /** {@code {"at", "meters": [{"name", "tags", "value"}]}}: the server's cdp_* meters. */
    public JsonNode meters() throws ApiException, ServerUnreachableException {
        return management.get("/stats/meters");
    }

    /** {@code {"databases": [{"database", "latest", "applied", "pending", "problems", "error"}]}}. */
    public JsonNode migrations() throws ApiException, ServerUnreachableException {
        return management.get("/migrations");
    }

    /** {@code {"last_used": {keyId: time}, "precision_seconds": n}}. */
    public JsonNode keyUsage() throws ApiException, ServerUnreachableException {
        return management.get("/key-usage");
    }

    /** Every workspace's and source's name by id: what people read where the server sends ids. */
    public Map<String, String> names() throws ApiException, ServerUnreachableException {
        Map<String, String> names = new java.util.HashMap<>();
        for (JsonNode workspace : management.workspaces().path("workspaces")) {
            names.put(workspace.path("id").asText(), workspace.path("name").asText());
            for (JsonNode source : sources(workspace.path("id").asText()).path("sources")) {
                names.put(source.path("id").asText(), source.path("name").asText());
            }
        }
        return names;
    }

    /** {@code {"sources": [...]}} of a workspace. */
    public JsonNode sources(String workspace) throws ApiException, ServerUnreachableException {
        return management.get("/workspaces/" + encode(workspace) + "/sources");
    }

    /** Creates a source ({@code type}: browser or s2s, null for the default). */
    public JsonNode createSource(String workspace, String name, String type)
            throws ApiException, ServerUnreachableException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (type != null) {
            body.put("type", type);
        }
        return management.post("/workspaces/" + encode(workspace) + "/sources", body);
    }

    /** {@code {"functions": [...]}}, of one workspace when not null. */
    public JsonNode functions(String workspace) throws ApiException, ServerUnreachableException {
        return management.get(workspace == null ? "/functions" : "/functions?workspace=" + encode(workspace));
    }

    /** {@code {"function_id", "name", "logs": [...]}}, newest first. */
    public JsonNode functionLogs(String function, String workspace, int limit)
            throws ApiException, ServerUnreachableException {
        return management.get("/functions/" + encode(function) + "/logs?limit=" + limit
                + (workspace == null ? "" : "&workspace=" + encode(workspace)));
    }

    /**
     * Deploys {@code code} as function {@code name} of the workspace: a new version when it exists.
     * {@code props} (ctx.props) is sent as given, since a deploy without props clears them: pass
     * the deployed function's own to keep them.
     */
    public JsonNode deployFunction(String workspace, String name, String code, JsonNode props)
            throws ApiException, ServerUnreachableException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspace", workspace);
        body.put("name", name);
        body.put("code", code);
        if (props != null && props.isObject()) {
            body.put("props", props);
        }
        return management.post("/functions", body);
    }

    private static void parameter(StringBuilder path, String name, String value) {
        if (value != null && !value.isBlank()) {
            path.append('&').append(name).append('=').append(encode(value));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
