package io.cdp.server.rotor;

import io.cdp.functions.testing.EndlessBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.LocalHttpServer;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Function isolation and limits on a real rotor, in one process with ingest (as the default
 * roles run it): events sent to the HTTP API of two workspaces, one of them hostile, reach the
 * functions each deployed; a function that allocates without bound or fetches a huge body is
 * dead-lettered naming the limit while ingest keeps answering. Real Kafka, PostgreSQL, Redis;
 * the test JVM's heap is 1 GB.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RotorIsolationTest {
    private static final TestApp TEST = TestApp.named("rotoriso");

    static {
        TestServices.createTopics(TEST.topics());
    }

    private static final HttpServer HUGE = hugeBodyServer();
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,rotor,api",
            "rotor.consumerGroup", "rotor-" + TEST.topics(),
            // Two calls at once, two contexts in all: the workspaces take turns in the same slots.
            "rotor.poolSize", "2",
            "rotor.maxContexts", "2",
            "rotor.timeLimit", "60s",
            "rotor.statementLimit", "0",
            "rotor.heapLimitPercent", "60",
            "rotor.chainCacheTtl", "1s",
            "rotor.fetch.allowedHosts", "127.0.0.1",
            "rotor.fetch.maxResponseSize", "64KiB");

    /** Workspace A: changes everything a shared realm would pass on, and reads what it can. */
    private static final String ATTACKER = """
            Object.prototype.injected = 'by-evil-at-load';
            export default async function (event) {
              Object.prototype.injected = 'by-evil';
              event.properties.stolen = globalThis.lastEvent ?? null;
              globalThis.lastEvent = JSON.stringify(event);
              JSON.stringify = () => '"evil"';
              Array.prototype.map = function () { return ['evil']; };
              Promise.prototype.then = function () { return 'evil'; };
              return event;
            }""";

    /** Workspace B: reports what it sees of the realm in its event. */
    private static final String OBSERVER = """
            export default async function (event) {
              event.properties = {
                injected: ({}).injected ?? null,
                lastEvent: globalThis.lastEvent ?? null,
                mapped: [1, 2].map((n) => n * 10),
                json: JSON.stringify({ a: 1 }),
                then: await Promise.resolve(5).then((n) => n + 1),
              };
              return event;
            }""";

    private static IngestTestKit.TopicReader processed;
    private static IngestTestKit.TopicReader deadLetters;

    /** Answers /huge with 50 MB, chunked (no Content-Length to refuse it by). */
    private static HttpServer hugeBodyServer() {
        return LocalHttpServer.serving("/huge", EndlessBody.handler());
    }

    @BeforeAll
    static void readers() {
        processed = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.processed"));
        deadLetters = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.dlq"));
    }

    @AfterAll
    static void close() {
        processed.close();
        deadLetters.close();
        HUGE.stop(0);
    }

    /** A new workspace whose "web" source runs {@code code}; answers its write key. */
    private static String workspaceWith(String code) throws Exception {
        String workspace = TestServices.uniqueName("ws");
        JsonNode answer = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(), workspace, Map.of());
        HttpResponse<String> deployed = IngestTestKit.post(APP.getLocalPort(), "/api/v1/functions",
                EventJson.toBytes(Map.of("workspace", answer.get("workspace_id").asText(), "name", "fn",
                        "code", code, "source", "web")),
                "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        return answer.get("key").asText();
    }

    /** Sends a track event through ingest (which must answer 200); answers its message id. */
    private static String send(String key) throws Exception {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("type", "track").put("event", "Viewed").put("anonymousId", "anon-" + UUID.randomUUID())
                .put("messageId", UUID.randomUUID().toString());
        event.putObject("properties").put("secret", "card-" + UUID.randomUUID());
        HttpResponse<String> response = IngestTestKit.post(APP.getLocalPort(), "/v1/track", EventJson.toBytes(event),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return event.get("messageId").asText();
    }

    private static EventEnvelope processedEnvelope(String messageId) throws IOException {
        return EventJson.envelope(processed.awaitMessage(messageId).value());
    }

    private static DeadLetter deadLetter(String messageId) throws IOException {
        return EventJson.deadLetter(deadLetters.awaitMessage(messageId).value());
    }

    @Test
    void oneWorkspacesChangesToPrototypesGlobalsAndBuiltInsNeverReachAnotherWorkspacesEvents() throws Exception {
        String attacker = workspaceWith(ATTACKER);
        String observer = workspaceWith(OBSERVER);
        List<String> attacks = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attacks.add(send(attacker));
            observed.add(send(observer));
        }
        for (String messageId : observed) {
            assertThat(processedEnvelope(messageId).event().path("properties").toString()).isEqualTo(
                    "{\"injected\":null,\"lastEvent\":null,\"mapped\":[10,20],\"json\":\"{\\\"a\\\":1}\",\"then\":6}");
        }
        // The attacker's own events went through too (its realm is its own business).
        for (String messageId : attacks) {
            assertThat(processedEnvelope(messageId).workspaceId()).isNotNull();
        }
    }

    @Test
    @Timeout(180)
    void aFunctionAllocatingWithoutBoundIsDeadLetteredNamingTheMemoryLimitWhileIngestKeepsAnswering()
            throws Exception {
        String hog = workspaceWith("""
                export default async (e) => {
                  const keep = [];
                  for (let i = 0; ; i++) keep.push(new Array(100000).fill(i));
                }""");
        String bystander = workspaceWith("export default async (e) => ({ ...e, fine: true })");
        String hogged = send(hog);
        // The dead-letter reader waits on a thread of its own (its waits end after 30 s each).
        CompletableFuture<DeadLetter> letterOfHog = CompletableFuture.supplyAsync(() -> {
            long until = System.nanoTime() + 150_000_000_000L;
            while (true) {
                try {
                    return deadLetter(hogged);
                } catch (AssertionError notYet) {
                    if (System.nanoTime() > until) {
                        throw notYet;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        // While the hog fills the heap, ingest (same JVM) must keep answering, and quickly.
        List<String> sentMeanwhile = new ArrayList<>();
        long slowest = 0;
        while (!letterOfHog.isDone()) {
            long started = System.nanoTime();
            sentMeanwhile.add(send(bystander));
            slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            Thread.sleep(200);
        }
        DeadLetter letter = letterOfHog.get();
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.FUNCTION_LIMIT);
        assertThat(letter.error()).contains("stopped by the memory limit", "limit 60%");
        assertThat(sentMeanwhile).isNotEmpty();
        assertThat(slowest).as("slowest ingest answer, ms").isLessThan(10_000);
        // And the rotor goes on with everything sent meanwhile.
        for (String messageId : sentMeanwhile) {
            assertThat(processedEnvelope(messageId).event().path("fine").asBoolean()).isTrue();
        }
    }

    @Test
    void aHugeFetchResponseIsDeadLetteredNamingTheLimitWhileIngestKeepsAnswering() throws Exception {
        String url = "http://127.0.0.1:" + HUGE.getAddress().getPort() + "/huge";
        String fetcher = workspaceWith("export default async (e, { fetch }) => { e.body = await (await fetch('" + url
                + "')).text(); return e; }");
        String bystander = workspaceWith("export default async (e) => ({ ...e, fine: true })");
        String fetched = send(fetcher);
        String sentMeanwhile = send(bystander); // send() requires ingest's 200
        DeadLetter letter = deadLetter(fetched);
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.FUNCTION_LIMIT);
        assertThat(letter.error()).contains("LimitExceeded", "larger than the limit of 65536 bytes");
        // Ingest answered meanwhile and after, and the rotor goes on with other events.
        assertThat(processedEnvelope(sentMeanwhile).event().path("fine").asBoolean()).isTrue();
        assertThat(processedEnvelope(send(bystander)).event().path("fine").asBoolean()).isTrue();
    }
}
