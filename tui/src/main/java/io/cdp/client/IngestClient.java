package io.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Sends events to the Segment-compatible ingest API with a write key (HTTP Basic, as Segment's
 * libraries do). Used by {@code cdp events send}. Thread-safe.
 *
 * <pre>{@code
 * IngestClient ingest = new IngestClient(URI.create("http://127.0.0.1:3049"), "the origin of that address");
 * Answer answer = ingest.send(key, "track", Map.of("userId", "u1", "event", "Signed Up"));
 * }</pre>
 */
public class IngestClient {
    private final HttpJson http;

    public IngestClient(URI server, String origin) {
        this.http = new HttpJson(server, origin);
    }

    /** What the server answered: status, body, and Retry-After seconds when rate-limited. */
    public record Answer(int status, JsonNode body, Integer retryAfterSeconds) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** {@code POST /v1/{type}} with one event. */
    public Answer send(String writeKey, String type, Map<String, Object> event) throws ServerUnreachableException {
        return answer(http.exchange("POST", "/v1/" + type, authorization(writeKey), event));
    }

    /** {@code POST /v1/batch} with {@code {"batch": events}}; each event carries its {@code type}. */
    public Answer sendBatch(String writeKey, List<Map<String, Object>> events) throws ServerUnreachableException {
        return answer(http.exchange("POST", "/v1/batch", authorization(writeKey), Map.of("batch", events)));
    }

    private static Answer answer(HttpResponse<byte[]> response) {
        JsonNode body = HttpJson.parse(response.body());
        Integer retryAfter = response.statusCode() == 429 ? HttpJson.error(response, body).retryAfterSeconds() : null;
        return new Answer(response.statusCode(), body, retryAfter);
    }

    private static Map<String, String> authorization(String writeKey) {
        String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + basic);
    }
}
