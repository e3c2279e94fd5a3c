package io.cdp.server.ingest.address;

import io.cdp.server.ingest.IngestTestKit;
import static io.cdp.server.ingest.IngestTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code context.ip} behind a load balancer: with {@code ingest.trustedProxies} covering the test
 * client (127.0.0.1 stands in for the proxy), ingest takes the right-most address of
 * {@code X-Forwarded-For} that is not a trusted proxy, or {@code X-Real-IP}; events read back from
 * the real ingest topic. A bad entry stops start-up naming it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TrustedProxyIngestTest {
    private static final TestApp TEST = TestApp.named("proxy");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,api",
            "ingest.trustedProxies", "127.0.0.1/32, 10.0.0.0/8");

    private static String key;
    private static IngestTestKit.TopicReader ingestTopic;

    @BeforeAll
    static void createKeyAndReader() throws Exception {
        key = IngestTestKit.createKey(APP.getLocalPort(), TEST.token(), TestServices.uniqueName("proxy"), Map.of());
        ingestTopic = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.ingest"));
    }

    @AfterAll
    static void closeReader() {
        ingestTopic.close();
    }

    private static Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "track");
        event.put("event", "Viewed");
        event.put("anonymousId", "anon-" + UUID.randomUUID());
        event.put("messageId", "m-" + UUID.randomUUID());
        return event;
    }

    /** Sends {@code event} to /v1/track with extra headers and answers its context.ip as read from Kafka. */
    private static String contextIpOf(Map<String, Object> event, String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        System.arraycopy(new String[] {"Authorization", IngestTestKit.basic(key), "Content-Type", "application/json"},
                0, all, 0, 4);
        System.arraycopy(headers, 0, all, 4, headers.length);
        HttpResponse<String> response = post(APP.getLocalPort(), "/v1/track", EventJson.toBytes(event), all);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return awaitContextIp(event);
    }

    private static String awaitContextIp(Map<String, Object> event) throws Exception {
        return EventJson.envelope(ingestTopic.awaitMessage((String) event.get("messageId")).value())
                .event().at("/context/ip").asText();
    }

    @Test
    void theRightMostForwardedAddressThatIsNotATrustedProxyIsTheClient() throws Exception {
        assertThat(contextIpOf(event(), "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
        // The client wrote 6.6.6.6 itself; 10.1.2.3 is a trusted proxy in front of the peer.
        assertThat(contextIpOf(event(), "X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.2.3"))
                .isEqualTo("203.0.113.9");
        assertThat(contextIpOf(event(), "X-Forwarded-For", "[2001:DB8::0009]:443")).isEqualTo("2001:db8::9");
    }

    @Test
    void realIpCountsOnlyWithoutForwardedForAndNoHeaderLeavesThePeer() throws Exception {
        assertThat(contextIpOf(event(), "X-Real-IP", "198.51.100.4")).isEqualTo("198.51.100.4");
        assertThat(contextIpOf(event(), "X-Real-IP", "198.51.100.4", "X-Forwarded-For", "203.0.113.9"))
                .isEqualTo("203.0.113.9");
        assertThat(contextIpOf(event())).isEqualTo("127.0.0.1");
    }

    @Test
    void anEventsOwnContextIpIsKeptBehindAProxyToo() throws Exception {
        Map<String, Object> event = event();
        event.put("context", Map.of("ip", "192.0.2.44"));

        assertThat(contextIpOf(event, "X-Forwarded-For", "203.0.113.9")).isEqualTo("192.0.2.44");
    }

    @Test
    void eachEventOfABatchGetsTheForwardedAddress() throws Exception {
        Map<String, Object> first = event();
        Map<String, Object> second = event();
        HttpResponse<String> response = post(APP.getLocalPort(), "/v1/batch",
                EventJson.toBytes(Map.of("batch", List.of(first, second))),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "X-Forwarded-For", "203.0.113.21, 10.0.0.1");
        assertThat(IngestTestKit.json(response).get("accepted").asInt()).as(response.body()).isEqualTo(2);

        assertThat(awaitContextIp(first)).isEqualTo("203.0.113.21");
        assertThat(awaitContextIp(second)).isEqualTo("203.0.113.21");
    }

    @Test
    void aTrustedProxyEntryThatIsNotAnAddressStopsStartUpNamingIt() {
        DropwizardTestSupport<CdpConfiguration> server = TEST.server("roles", "ingest,api",
                "ingest.trustedProxies", "10.0.0.0/8, lb.internal");
        try {
            assertThatThrownBy(server::before)
                    .hasStackTraceContaining("ingest.trustedProxies (CDP_INGEST_TRUSTED_PROXIES)")
                    .hasStackTraceContaining("'lb.internal' is not a trusted proxy");
        } finally {
            server.after();
        }
    }
}
