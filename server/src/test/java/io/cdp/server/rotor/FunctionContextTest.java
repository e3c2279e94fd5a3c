package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ctx.headers, ctx.geo, ctx.destination(s) and ctx.connection end to end: events sent to the
 * HTTP API (ingest) reach a deployed function in the rotor with the request's headers (without
 * Authorization and Cookie), geo from MaxMind's test database looked up before the IP policy
 * reduced the address (also the address ingest took from X-Forwarded-For for a browser event
 * without one), and the configured destinations; a retried event keeps its headers.
 * Real Kafka, PostgreSQL and Redis.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FunctionContextTest {
    /** MaxMind's test City database (see its README beside it); the server module runs in server/. */
    static final Path GEO_DATABASE =
            Path.of("../functions-sdk/src/test/resources/maxmind/GeoIP2-City-Test.mmdb").toAbsolutePath().normalize();

    private static final TestApp TEST = TestApp.named("fnctx");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,rotor,api",
            "rotor.consumerGroup", "rotor-" + TEST.topics(),
            "rotor.poolSize", "2",
            "rotor.ipPolicy", "reduce",
            "rotor.retryBackoff", "1s",
            "rotor.geoDatabase", GEO_DATABASE.toString(),
            // The test client stands in for a load balancer, so X-Forwarded-For names the visitor.
            "ingest.trustedProxies", "127.0.0.1/32",
            // Only read by the rotor here (no bulker role): the output goes to both destinations.
            "bulker.postgres.enabled", "true");

    /** Copies what the function sees of ctx into the event, so the test reads it from Kafka. */
    private static final String CTX_MIRROR = """
            export default async function (event, ctx) {
              if (event.properties.retry && ctx.retries === 0) throw new RetryError("later");
              event.properties = { ...event.properties, seen: {
                headers: ctx.headers, agent: ctx.headers["User-Agent"], geo: ctx.geo ?? null,
                ip: event.context.ip, destination: ctx.destination, destinations: ctx.destinations,
                connection: ctx.connection, retries: ctx.retries } };
              return event;
            }""";

    private static String key;
    private static String sourceId;
    private static IngestTestKit.TopicReader ingested;
    private static IngestTestKit.TopicReader processed;
    private static IngestTestKit.TopicReader retried;


    @BeforeAll
    static void deploy() throws Exception {
        JsonNode answer = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(),
                TestServices.uniqueName("fnctx"),
                Map.of());
        key = answer.get("key").asText();
        sourceId = answer.get("source_id").asText();
        HttpResponse<String> deployed = IngestTestKit.post(APP.getLocalPort(), "/api/v1/functions",
                EventJson.toBytes(Map.of("workspace", answer.get("workspace_id").asText(), "name", "mirror",
                        "code", CTX_MIRROR, "source", "web")),
                "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        ingested = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.ingest"));
        processed = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.processed"));
        retried = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.retry"));
    }

    @AfterAll
    static void close() {
        ingested.close();
        processed.close();
        retried.close();
    }

    private static ObjectNode event(String ip, boolean retry) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("type", "track").put("event", "Viewed").put("anonymousId", "anon-" + UUID.randomUUID())
                .put("messageId", UUID.randomUUID().toString());
        event.putObject("properties").put("retry", retry);
        event.putObject("context").put("ip", ip);
        return event;
    }

    private static String send(ObjectNode event, String... authHeaders) throws Exception {
        String[] headers = new String[authHeaders.length + 8];
        System.arraycopy(authHeaders, 0, headers, 0, authHeaders.length);
        System.arraycopy(new String[] {"Content-Type", "application/json", "Cookie", "session=visitor-secret",
                "User-Agent", "context-test/1.0", "X-Request-Id", "req-42"}, 0, headers, authHeaders.length, 8);
        HttpResponse<String> response = IngestTestKit.post(APP.getLocalPort(), "/v1/track", EventJson.toBytes(event),
                headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return event.get("messageId").asText();
    }

    private static EventEnvelope envelope(IngestTestKit.TopicReader reader, String messageId) throws IOException {
        return EventJson.envelope(reader.awaitMessage(messageId).value());
    }

    @Test
    void requestHeadersReachTheFunctionWithoutAuthorizationOrCookie() throws Exception {
        String messageId = send(event("89.160.20.112", false), "Authorization", IngestTestKit.basic(key));

        EventEnvelope onIngest = envelope(ingested, messageId);
        assertThat(onIngest.headers()).containsEntry("x-request-id", "req-42")
                .containsEntry("user-agent", "context-test/1.0")
                .doesNotContainKeys("authorization", "cookie", "Authorization", "Cookie");
        assertThat(new String(ingested.awaitMessage(messageId).value())).doesNotContain("visitor-secret")
                .doesNotContain(key);

        EventEnvelope out = envelope(processed, messageId);
        JsonNode seen = out.event().at("/properties/seen");
        assertThat(seen.at("/headers/x-request-id").asText()).isEqualTo("req-42");
        assertThat(seen.at("/headers/content-type").asText()).startsWith("application/json");
        assertThat(seen.path("agent").asText()).isEqualTo("context-test/1.0");
        assertThat(seen.path("headers").has("authorization")).isFalse();
        assertThat(seen.path("headers").has("cookie")).isFalse();
        // What goes on to the bulker is the event; the headers stay behind.
        assertThat(out.headers()).isNull();
        assertThat(EventJson.tree(processed.awaitMessage(messageId).value()).has("headers")).isFalse();
    }

    @Test
    void geoIsLookedUpOnTheAddressBeforeTheIpPolicyReducesIt() throws Exception {
        String messageId = send(event("89.160.20.112", false), "Authorization", IngestTestKit.basic(key));
        JsonNode seen = envelope(processed, messageId).event().at("/properties/seen");
        assertThat(seen.path("ip").asText()).isEqualTo("89.160.20.0");
        assertThat(seen.at("/geo/country/code").asText()).isEqualTo("SE");
        assertThat(seen.at("/geo/country/isEU").asBoolean()).isTrue();
        assertThat(seen.at("/geo/city/name").asText()).isEqualTo("Linköping");
        assertThat(seen.at("/geo/continent/code").asText()).isEqualTo("EU");
        assertThat(seen.at("/geo/location/accuracyRadius").asInt()).isEqualTo(76);

        String unknown = send(event("10.1.2.3", false), "Authorization", IngestTestKit.basic(key));
        assertThat(envelope(processed, unknown).event().at("/properties/seen/geo").isNull()).isTrue();
    }

    @Test
    void aBrowserEventWithoutIpGetsTheForwardedAddressThenGeoAndTheIpPolicy() throws Exception {
        ObjectNode browser = event("unused", false);
        browser.remove("context");
        String messageId = send(browser, "Authorization", IngestTestKit.basic(key),
                "X-Forwarded-For", "6.6.6.6, 89.160.20.112");

        assertThat(envelope(ingested, messageId).event().at("/context/ip").asText()).isEqualTo("89.160.20.112");
        JsonNode seen = envelope(processed, messageId).event().at("/properties/seen");
        assertThat(seen.path("ip").asText()).isEqualTo("89.160.20.0");
        assertThat(seen.at("/geo/city/name").asText()).isEqualTo("Linköping");

        ObjectNode direct = event("unused", false);
        direct.remove("context");
        String fromPeer = send(direct, "Authorization", IngestTestKit.basic(key));
        assertThat(envelope(ingested, fromPeer).event().at("/context/ip").asText()).isEqualTo("127.0.0.1");
        JsonNode seenDirect = envelope(processed, fromPeer).event().at("/properties/seen");
        assertThat(seenDirect.path("ip").asText()).isEqualTo("127.0.0.0");
        assertThat(seenDirect.path("geo").isNull()).isTrue();
    }

    @Test
    void destinationsAndConnectionDescribeWhereTheOutputGoes() throws Exception {
        String messageId = send(event("216.160.83.56", false), "Authorization", IngestTestKit.basic(key));
        JsonNode seen = envelope(processed, messageId).event().at("/properties/seen");
        assertThat(seen.path("destination").toString()).isEqualTo("{\"id\":\"clickhouse\",\"type\":\"clickhouse\"}");
        assertThat(seen.path("destinations").toString()).isEqualTo(
                "[{\"id\":\"clickhouse\",\"type\":\"clickhouse\"},{\"id\":\"postgres\",\"type\":\"postgres\"}]");
        assertThat(seen.at("/connection/id").asText()).isEqualTo(sourceId + ":clickhouse");
        assertThat(seen.at("/connection/name").asText()).isEqualTo("web → clickhouse");
        assertThat(seen.at("/connection/type").asText()).isEqualTo("batch");
    }

    @Test
    void aRetriedEventKeepsItsHeadersAndTheWriteKeyHeaderIsMasked() throws Exception {
        String messageId = send(event("216.160.83.56", true), "X-Write-Key", key);

        EventEnvelope waiting = envelope(retried, messageId);
        assertThat(waiting.retries()).isEqualTo(1);
        assertThat(waiting.headers()).containsEntry("x-request-id", "req-42");

        JsonNode seen = envelope(processed, messageId).event().at("/properties/seen");
        assertThat(seen.path("retries").asInt()).isEqualTo(1);
        assertThat(seen.at("/headers/x-request-id").asText()).isEqualTo("req-42");
        String masked = seen.at("/headers/x-write-key").asText();
        assertThat(masked).isNotEmpty().endsWith("…").isNotEqualTo(key);
        assertThat(key).startsWith(masked.substring(0, masked.length() - 1));
        assertThat(seen.at("/geo/city/name").asText()).isEqualTo("Milton");
    }

    @Test
    void everyEventOfABatchCarriesTheRequestHeaders() throws Exception {
        ObjectNode first = event("216.160.83.56", false);
        ObjectNode second = event("89.160.20.112", false);
        ObjectNode batch = EventJson.MAPPER.createObjectNode();
        batch.putArray("batch").add(first).add(second);
        HttpResponse<String> response = IngestTestKit.post(APP.getLocalPort(), "/v1/batch", EventJson.toBytes(batch),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "X-Request-Id", "batch-7", "Cookie", "session=visitor-secret");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (ObjectNode sent : List.of(first, second)) {
            String messageId = sent.get("messageId").asText();
            assertThat(envelope(ingested, messageId).headers()).containsEntry("x-request-id", "batch-7")
                    .doesNotContainKeys("authorization", "cookie");
            assertThat(envelope(processed, messageId).event().at("/properties/seen/headers/x-request-id").asText())
                    .isEqualTo("batch-7");
        }
    }

    @Test
    void aGeoDatabaseThatIsNotCityOrCountryStopsTheRotorAtStartUp() {
        DropwizardTestSupport<CdpConfiguration> server = TEST.server("roles", "rotor",
                "rotor.consumerGroup", "rotor-bad-geo-" + TEST.topics(),
                "rotor.geoDatabase", GEO_DATABASE.resolveSibling("GeoLite2-ASN-Test.mmdb").toString());
        try {
            assertThatThrownBy(server::before).hasStackTraceContaining("rotor.geoDatabase (CDP_GEO_DATABASE)")
                    .hasStackTraceContaining("GeoLite2-ASN");
        } finally {
            server.after();
        }
    }
}
