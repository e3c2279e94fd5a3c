package io.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over {@link HttpClient}: sends a request, returns the parsed body of a 2xx answer, and
 * turns anything else into {@link ApiException} (the server's message) or
 * {@link ServerUnreachableException} (no answer). Shared by the management and ingest clients.
 * Thread-safe.
 */
final class HttpJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;
    private final String origin;

    HttpJson(URI server, String origin) {
        this.server = server;
        this.origin = origin;
    }

    URI server() {
        return server;
    }

    /** Sends {@code method path} with the given headers and JSON body (null for none). */
    JsonNode send(String method, String path, Map<String, String> headers, Object body)
            throws ApiException, ServerUnreachableException {
        HttpResponse<byte[]> response = exchange(method, path, headers, body);
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw error(response, json);
        }
        return json;
    }

    HttpResponse<byte[]> exchange(String method, String path, Map<String, String> headers, Object body)
            throws ServerUnreachableException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            try {
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write the request as JSON", e);
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException refused) {
            throw new ServerUnreachableException(server, origin, refused);
        } catch (IOException e) {
            throw new ServerUnreachableException(server, origin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(server, origin, e);
        }
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException notJson) {
            return MAPPER.getNodeFactory().textNode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static ApiException error(HttpResponse<?> response, JsonNode json) {
        String message = json.hasNonNull("error") ? json.get("error").asText()
                : "the server answered HTTP " + response.statusCode();
        String field = json.hasNonNull("field") ? json.get("field").asText() : null;
        Integer retryAfter = response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException notSeconds) {
                return null;
            }
        }).orElse(null);
        return new ApiException(response.statusCode(), message, field, retryAfter);
    }
}
