package io.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client of the server's management API ({@code /api/v1}, admin token), used by the {@code cdp}
 * commands and the dashboard. Answers are the server's JSON as it is ({@link JsonNode}); the
 * API's shapes are documented in docs/api.md. Thread-safe.
 *
 * <pre>{@code
 * ManagementClient client = new ManagementClient(ClientSettings.resolve(null, null, System.getenv()));
 * JsonNode key = client.createKey("acme", "web", true);
 * System.out.println(key.get("key").asText());   // shown this once only
 * }</pre>
 */
public class ManagementClient {
    private static final String API = "/api/v1";

    private final HttpJson http;
    private final Map<String, String> auth;

    public ManagementClient(ClientSettings settings) {
        this.http = new HttpJson(settings.server(), settings.origin());
        this.auth = settings.token() == null ? Map.of() : Map.of("Authorization", "Bearer " + settings.token());
    }

    public URI server() {
        return http.server();
    }

    /** {@code GET /api/v1{path}}. */
    public JsonNode get(String path) throws ApiException, ServerUnreachableException {
        return http.send("GET", API + path, auth, null);
    }

    /** {@code POST /api/v1{path}} with a JSON body. */
    public JsonNode post(String path, Object body) throws ApiException, ServerUnreachableException {
        return http.send("POST", API + path, auth, body == null ? Map.of() : body);
    }

    /** {@code PUT /api/v1{path}} with a JSON body. */
    public JsonNode put(String path, Object body) throws ApiException, ServerUnreachableException {
        return http.send("PUT", API + path, auth, body);
    }

    /** {@code DELETE /api/v1{path}}. */
    public JsonNode delete(String path) throws ApiException, ServerUnreachableException {
        return http.send("DELETE", API + path, auth, null);
    }

    /** Creates a workspace; {@code tier} may be null (default tier). */
    public JsonNode createWorkspace(String name, String tier) throws ApiException, ServerUnreachableException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (tier != null) {
            body.put("tier", tier);
        }
        return post("/workspaces", body);
    }

    /** {@code {"workspaces": [...]}}. */
    public JsonNode workspaces() throws ApiException, ServerUnreachableException {
        return get("/workspaces");
    }

    /** The answer carries the raw key under {@code "key"}: the only time it is shown. */
    public JsonNode createKey(String workspace, String source, boolean createSource)
            throws ApiException, ServerUnreachableException {
        return post("/keys", Map.of("workspace", workspace, "source", source, "create_source", createSource));
    }

    /** Sets the web origins a source accepts browser events from; an empty list: any origin. */
    public JsonNode setAllowedOrigins(String workspace, String source, java.util.List<String> origins)
            throws ApiException, ServerUnreachableException {
        return put("/workspaces/" + URLEncoder.encode(workspace, StandardCharsets.UTF_8) + "/sources/"
                + URLEncoder.encode(source, StandardCharsets.UTF_8) + "/origins",
                Map.of("allowed_origins", origins));
    }

    /** {@code {"keys": [...]}}, masked; of one workspace when {@code workspace} is not null. */
    public JsonNode keys(String workspace) throws ApiException, ServerUnreachableException {
        return get(workspace == null ? "/keys" : "/keys?workspace=" + URLEncoder.encode(workspace, StandardCharsets.UTF_8));
    }

    public JsonNode revokeKey(String id) throws ApiException, ServerUnreachableException {
        return post("/keys/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/revoke", Map.of());
    }

    /**
     * A fresh write key of the {@code demo} workspace's {@code demo-web} source, both created on
     * first use: what {@code cdp dev up --with-server} prints so a first event can be sent.
     */
    public DemoKey demoKey() throws ApiException, ServerUnreachableException {
        try {
            createWorkspace(DemoKey.WORKSPACE, null);
        } catch (ApiException exists) {
            if (exists.status() != 409) {
                throw exists;
            }
        }
        JsonNode key = createKey(DemoKey.WORKSPACE, DemoKey.SOURCE, true);
        return new DemoKey(server(), DemoKey.WORKSPACE, key.path("workspace_id").asText(), DemoKey.SOURCE,
                key.get("id").asText(), key.get("key").asText());
    }

    /** Live numbers of the whole pipeline, from Kafka: {@code {"at", "topics", "lag"}}. */
    public JsonNode stats() throws ApiException, ServerUnreachableException {
        return get("/stats");
    }

    /** {@code {"dead_letters": [...], "next": ...}}: the first page, newest first; each filter may be null. */
    public JsonNode deadLetters(String workspace, String stage, String reason, int limit)
            throws ApiException, ServerUnreachableException {
        return deadLetters(workspace, stage, reason, null, null, limit, null);
    }

    /**
     * One page of dead letters, newest first: {@code {"dead_letters": [...], "next": "0-1234,2-99"}}.
     * {@code since} (inclusive) and {@code until} (exclusive) are ISO-8601 UTC times; {@code cursor}
     * is the previous page's {@code next}. Every argument but {@code limit} may be null; ask again
     * with {@code next} and the same filters until it is null to see every letter.
     */
    public JsonNode deadLetters(String workspace, String stage, String reason, String since, String until, int limit,
                                String cursor) throws ApiException, ServerUnreachableException {
        StringBuilder query = new StringBuilder("/dlq?limit=").append(limit);
        appendParameter(query, "workspace", workspace);
        appendParameter(query, "stage", stage);
        appendParameter(query, "reason", reason);
        appendParameter(query, "since", since);
        appendParameter(query, "until", until);
        appendParameter(query, "cursor", cursor);
        return get(query.toString());
    }

    /** One dead letter with its payload and stack. */
    public JsonNode deadLetter(String id) throws ApiException, ServerUnreachableException {
        return get("/dlq/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    /** Replays the letters with these ids: {@code {"replayed": n, "skipped": [...]}}. */
    public JsonNode replay(java.util.List<String> ids) throws ApiException, ServerUnreachableException {
        return post("/dlq/replay", Map.of("ids", ids));
    }

    /** Replays the first page (up to 10000) of letters matching the filter (each part may be null). */
    public JsonNode replayAll(String workspace, String stage, String reason)
            throws ApiException, ServerUnreachableException {
        return replayAll(workspace, stage, reason, null, null, null, null);
    }

    /**
     * Replays one page of the letters matching the filter, from {@code cursor} (null: the newest):
     * {@code {"replayed": n, "skipped": [...], "next": ...}}; call again with {@code next} until it
     * is null to replay them all. {@code limit} is the page size (null: the server's 10000). Every
     * argument may be null.
     */
    public JsonNode replayAll(String workspace, String stage, String reason, String since, String until, Integer limit,
                              String cursor) throws ApiException, ServerUnreachableException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("all", true);
        body.put("workspace", workspace);
        body.put("stage", stage);
        body.put("reason", reason);
        body.put("since", since);
        body.put("until", until);
        body.put("limit", limit);
        body.put("cursor", cursor);
        return post("/dlq/replay", body);
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
