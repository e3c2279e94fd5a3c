package io.cdp.server.ingest.browser;

import io.cdp.server.ingest.IngestTestKit;
import static io.cdp.server.ingest.IngestTestKit.json;
import static io.cdp.server.ingest.IngestTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What browsers send and need, request by request: CORS preflights and headers, analytics.js's
 * short paths with text/plain bodies and the key in the body, its settings document, Jitsu's
 * paths with X-Write-Key, a source's allowed origins, and {@code id:secret} keys in every place a
 * key can be. {@code ClientLibrariesTest} runs the real libraries.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrowserIngestTest {
    private static final TestApp TEST = TestApp.named("browser");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,api");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PAGE = "http://shop.example.com:8080";

    private static JsonNode created;
    private static String key;

    @BeforeAll
    static void createKey() throws Exception {
        created = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(),
                TestServices.uniqueName("browser"), Map.of());
        key = created.get("key").asText();
    }

    private static int port() {
        return APP.getLocalPort();
    }

    private static HttpResponse<String> request(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String type, String origin) {
        return EventJson.MAPPER.createObjectNode().put("writeKey", key).put("type", type).put("userId", "u-1")
                .put("event", "Clicked").put("groupId", "g").put("previousId", "p").put("origin", origin).toString();
    }

    @Test
    void keysAreIdColonSecretWithAPublicIdAndKeysListShowsOnlyTheId() throws Exception {
        String id = created.get("id").asText();
        assertThat(key).matches(id + ":cdp_wk_[A-Za-z0-9_-]{43}");
        HttpResponse<String> listed = request("GET", "/api/v1/keys/" + id, null, "Authorization",
                "Bearer " + TEST.token());
        assertThat(json(listed).get("masked").asText()).startsWith(id + ":cdp_wk_").endsWith("…");
        assertThat(listed.body()).doesNotContain(key);
        // Basic auth as Segment's and RudderStack's libraries send it: user = the whole key, empty password.
        assertThat(IngestTestKit.send(port(), "/v1/track", key, Map.of("userId", "u", "event", "e")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPreflightFromAnyOriginIsAnsweredWithWhatBrowsersNeed() throws Exception {
        for (String path : List.of("/v1/t", "/v1/b", "/track", "/api/s/page", "/api/s/s2s/track")) {
            HttpResponse<String> preflight = request("OPTIONS", path, null, "Origin", PAGE,
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "content-type,authorization,x-write-key");
            assertThat(preflight.statusCode()).as(path).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                    .contains("POST", "OPTIONS", "GET");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                    .contains("Content-Type", "Authorization", "X-Write-Key");
            assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("86400");
        }
        HttpResponse<String> management = request("OPTIONS", "/api/v1/keys", null, "Origin", PAGE,
                "Access-Control-Request-Method", "POST");
        assertThat(management.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"t", "i", "p", "s", "g", "a"})
    void analyticsJsShortPathsTakeTextPlainWithTheKeyInTheBodyAndReflectTheOrigin(String path) throws Exception {
        // As sendBeacon / keepalive sends it: no preflight, text/plain, no Authorization.
        HttpResponse<String> sent = post(port(), "/v1/" + path, event("ignored", PAGE).getBytes(),
                "Content-Type", "text/plain;charset=UTF-8", "Origin", PAGE);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        assertThat(post(port(), "/" + path, event("ignored", PAGE).getBytes(), "Content-Type", "text/plain")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void analyticsJsBatchesGoToV1B() throws Exception {
        String batch = "{\"writeKey\":\"" + key + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"},"
                + "{\"type\":\"page\",\"userId\":\"u\"}]}";
        HttpResponse<String> sent = post(port(), "/v1/b", batch.getBytes(), "Content-Type", "text/plain", "Origin", PAGE);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(json(sent).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void jitsuPathsTakeXWriteKeyAndJitsusMaskedBodyKey() throws Exception {
        for (String path : List.of("/api/s/track", "/api/s/s2s/identify")) {
            String body = "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"writeKey\":\""
                    + created.get("id").asText() + ":***\",\"context\":{\"clientIds\":{\"ga4\":{\"clientId\":\"1\"}}}}";
            HttpResponse<String> sent = post(port(), path, body.getBytes(), "Content-Type", "application/json",
                    "X-Write-Key", key, "Origin", PAGE);
            assertThat(sent.statusCode()).as(path + ": " + sent.body()).isEqualTo(200);
            assertThat(sent.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        }
        // The management API's admin token does not guard them, and it does not open them either.
        HttpResponse<String> withoutKey = post(port(), "/api/s/page", "{}".getBytes(), "Content-Type", "application/json",
                "Authorization", "Bearer " + TEST.token());
        assertThat(withoutKey.statusCode()).isEqualTo(401);
    }

    @Test
    void settingsSendAnalyticsJsHereAndAnUnknownKeyIs404() throws Exception {
        HttpResponse<String> settings = request("GET", "/v1/projects/" + key + "/settings", null, "Origin", PAGE);
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        assertThat(settings.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        JsonNode segment = json(settings).at("/integrations/Segment.io");
        assertThat(segment.get("apiHost").asText()).isEqualTo("127.0.0.1:" + port() + "/v1");
        assertThat(segment.get("protocol").asText()).isEqualTo("http");
        assertThat(segment.get("apiKey").asText()).isEqualTo(key);
        assertThat(json(settings).at("/metrics/sampleRate").asInt()).isZero();

        assertThat(request("GET", "/v1/projects/cdp_wk_unknownunknownunknown/settings", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSourceWithAllowedOriginsRefusesOtherOriginsButNotServers() throws Exception {
        JsonNode other = IngestTestKit.createKeyAnswer(port(), TEST.token(), TestServices.uniqueName("origins"),
                Map.of());
        String otherKey = other.get("key").asText();
        String origins = "/api/v1/workspaces/" + other.get("workspace_id").asText() + "/sources/"
                + other.get("source_id").asText() + "/origins";
        HttpResponse<String> set = request("PUT", origins, "{\"allowed_origins\":[\"https://*.example.org\", \"" + PAGE
                + "/\"]}", "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).get("allowed_origins")).hasSize(2);

        String event = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}";
        for (String allowed : List.of(PAGE, "https://www.example.org")) {
            HttpResponse<String> sent = post(port(), "/v1/track", event.getBytes(), "X-Write-Key", otherKey,
                    "Origin", allowed);
            assertThat(sent.statusCode()).as(allowed + ": " + sent.body()).isEqualTo(200);
        }
        HttpResponse<String> refused = post(port(), "/v1/track", event.getBytes(), "X-Write-Key", otherKey,
                "Origin", "https://evil.test");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("error").asText()).contains("https://evil.test", "not allowed");
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(post(port(), "/v1/track", event.getBytes(), "X-Write-Key", otherKey).statusCode()).isEqualTo(200);

        HttpResponse<String> malformed = request("PUT", origins, "{\"allowed_origins\":[\"shop.example.com/path\"]}",
                "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("field").asText()).isEqualTo("allowed_origins");

        HttpResponse<String> any = request("PUT", origins, "{\"allowed_origins\":[]}",
                "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(json(any).get("allowed_origins")).isEmpty();
        assertThat(post(port(), "/v1/track", event.getBytes(), "X-Write-Key", otherKey, "Origin", "https://evil.test")
                .statusCode()).isEqualTo(200);
    }
}
