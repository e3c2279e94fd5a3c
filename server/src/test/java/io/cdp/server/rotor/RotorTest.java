package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.LocalHttpServer;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;

/**
 * The rotor end to end: envelopes produced to its ingest topic, functions deployed through the
 * management API, results read back from the processed, retry and dead-letter topics; real
 * Kafka, PostgreSQL and Redis.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RotorTest {
    private static final TestApp TEST = TestApp.named("rotor");
    private static final HttpServer ENRICHMENT = enrichmentServer();
    private static final AtomicInteger ENRICHMENT_CALLS = new AtomicInteger();

    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "rotor,api",
            "rotor.consumerGroup", "rotor-" + TEST.topics(),
            "rotor.poolSize", "2",
            "rotor.timeLimit", "1500ms",
            "rotor.maxRetries", "1",
            "rotor.retryBackoff", "1s",
            "rotor.ipPolicy", "reduce",
            "rotor.chainCacheTtl", "1s",
            "rotor.fetch.allowedHosts", "127.0.0.1");
    private static final GenericType<Map<String, Object>> JSON = new GenericType<>() { };

    private static final List<ConsumerRecord<String, byte[]>> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean collecting = true;
    private static Thread collector;
    private static KafkaProducer<String, byte[]> producer;
    private static String workspaceId;
    private static String workspaceName;


    private static HttpServer enrichmentServer() {
        return LocalHttpServer.serving("/plan", exchange -> {
            ENRICHMENT_CALLS.incrementAndGet();
            byte[] body = "{\"plan\":\"gold\",\"seats\":12}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @BeforeAll
    static void start() {
        workspaceName = TestServices.uniqueName("rotorws");
        workspaceId = api("/workspaces", Map.of("name", workspaceName)).get("id").toString();
        producer = new KafkaProducer<>(io.cdp.server.kafka.KafkaClients.producer(
                TestServices.kafkaConfig(TEST.topics()), "rotor-test"));
        collector = new Thread(() -> {
            var properties = io.cdp.server.kafka.KafkaClients.consumer(TestServices.kafkaConfig(TEST.topics()),
                    "rotor-test-reader-" + UUID.randomUUID(), "rotor-test-reader");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
                consumer.subscribe(List.of(TEST.topic("events.processed"), TEST.topic("events.dlq"),
                        TEST.topic("events.retry")));
                while (collecting) {
                    consumer.poll(Duration.ofMillis(100)).forEach(SEEN::add);
                }
            }
        }, "rotor-test-collector");
        collector.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        collecting = false;
        collector.join(5000);
        producer.close();
        ENRICHMENT.stop(0);
    }

    // ---- helpers -------------------------------------------------------------------------

    private static Map<String, Object> api(String path, Map<String, Object> body) {
        Response response = target(path).request().header("Authorization",
                "Bearer " + TEST.token()).post(Entity.json(body));
        Map<String, Object> answer = response.readEntity(JSON);
        assertThat(response.getStatus()).as("%s -> %s", path, answer).isBetween(200, 201);
        return answer;
    }

    private static Map<String, Object> apiGet(String path) {
        return target(path).request().header("Authorization", "Bearer " + TEST.token()).get(JSON);
    }

    /** The API under a generous read timeout: deploys compile, and the machine is shared. */
    private static jakarta.ws.rs.client.WebTarget target(String path) {
        return APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1" + path)
                .property(org.glassfish.jersey.client.ClientProperties.READ_TIMEOUT, 30_000)
                .property(org.glassfish.jersey.client.ClientProperties.CONNECT_TIMEOUT, 5_000);
    }

    /** A new source with the given functions attached in order; returns the source id. */
    private static String sourceWith(String... functions) {
        String source = TestServices.uniqueName("src");
        String sourceId = api("/workspaces/" + workspaceId + "/sources", Map.of("name", source)).get("id").toString();
        for (String code : functions) {
            api("/functions", Map.of("workspace", workspaceId, "name", TestServices.uniqueName("fn"), "code", code,
                    "source", source));
        }
        return sourceId;
    }

    private static ObjectNode event(String anonymousId) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("type", "track").put("event", "Signed Up").put("anonymousId", anonymousId)
                .put("messageId", UUID.randomUUID().toString());
        event.putObject("properties").put("plan", "pro");
        event.putObject("context").put("ip", "203.0.113.77")
                .put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/124.0.0.0 Safari/537.36");
        return event;
    }

    /** Produces the event to the rotor's input; returns its message id. */
    private static String send(String sourceId, ObjectNode event) {
        String messageId = event.get("messageId").asText();
        EventEnvelope envelope = EventEnvelope.ingested(workspaceId, sourceId, messageId, event.path("type").asText(),
                Instant.now(), event);
        producer.send(new ProducerRecord<>(TEST.topic("events.ingest"), envelope.partitionKey(),
                EventJson.toBytes(envelope)));
        producer.flush();
        return messageId;
    }

    private static List<EventEnvelope> processed(Predicate<EventEnvelope> match, int count) {
        return await(TEST.topic("events.processed"), bytes -> {
            try {
                return EventJson.envelope(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, match, count);
    }

    private static EventEnvelope processedOne(String messageId) {
        return processed(envelope -> envelope.messageId().equals(messageId), 1).get(0);
    }

    private static DeadLetter deadLetter(String messageId) {
        return await(TEST.topic("events.dlq"), bytes -> {
            try {
                return EventJson.deadLetter(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, letter -> messageId.equals(letter.messageId()), 1).get(0);
    }

    private static <T> List<T> await(String topic, java.util.function.Function<byte[], T> read, Predicate<T> match,
                                     int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline) {
            List<T> found = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : SEEN) {
                if (record.topic().equals(topic)) {
                    T value = read.apply(record.value());
                    if (match.test(value)) {
                        found.add(value);
                    }
                }
            }
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no " + count + " matching message(s) on " + topic + " within 45 s");
    }

    private static long count(String topic, String messageIdPrefix) {
        return SEEN.stream().filter(record -> record.topic().equals(topic))
                .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains(messageIdPrefix)).count();
    }

    // ---- tests ---------------------------------------------------------------------------

    @Test
    void withoutFunctionsTheEventPassesWithTheIpPolicyApplied() {
        String sourceId = sourceWith();
        ObjectNode event = event("anon-pass");
        EventEnvelope out = processedOne(send(sourceId, event));
        assertThat(out.event().path("properties")).isEqualTo(event.path("properties"));
        assertThat(out.event().at("/context/ip").asText()).isEqualTo("203.0.113.0");
        assertThat(out.tableOrDefault()).isEqualTo("events");
        assertThat(out.workspaceId()).isEqualTo(workspaceId);
    }

    @Test
    void aFunctionModifiesTheEventAndSeesParsedUserAgentAndSource() {
        String sourceId = sourceWith("""
                export default async function (event, ctx) {
                  event.properties.plan = event.properties.plan.toUpperCase();
                  event.properties.browser = ctx.ua.browser.name;
                  event.properties.device = ctx.ua.device.type;
                  event.properties.source_id = ctx.source.id;
                  event.properties.workspace = ctx.workspace.name;
                  return event;
                }""");
        EventEnvelope out = processedOne(send(sourceId, event("anon-modify")));
        assertThat(out.event().path("properties").toString()).isEqualTo("{\"plan\":\"PRO\",\"browser\":\"Chrome\","
                + "\"device\":\"desktop\",\"source_id\":\"" + sourceId + "\",\"workspace\":\"" + workspaceName + "\"}");
    }

    @Test
    void anArrayFansOutWithDistinctMessageIds() {
        String sourceId = sourceWith("export default async (e) => [1, 2, 3].map(n => ({ ...e, n }))");
        String messageId = send(sourceId, event("anon-fanout"));
        List<EventEnvelope> out = processed(envelope -> envelope.messageId().startsWith(messageId), 3);
        assertThat(out).extracting(EventEnvelope::messageId)
                .containsExactlyInAnyOrder(messageId + "-1", messageId + "-2", messageId + "-3");
        assertThat(out).extracting(envelope -> envelope.event().path("n").asInt()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "false", "'drop'", "[]"})
    void everyDropFormDrops(String form) {
        String sourceId = sourceWith("export default async (e) => e.properties.plan === 'keep' ? e : " + form);
        String anonymousId = "anon-drop-" + UUID.randomUUID();
        String dropped = send(sourceId, event(anonymousId));
        ObjectNode marker = event(anonymousId);
        marker.with("properties").put("plan", "keep");
        // Same key, same partition, processed in order: once the marker is out, the dropped one
        // would be out too had it not been dropped.
        processedOne(send(sourceId, marker));
        assertThat(count(TEST.topic("events.processed"), dropped)).isZero();
        assertThat(count(TEST.topic("events.dlq"), dropped)).isZero();
    }

    @Test
    void jitsuTableNameRoutesToATable() {
        String sourceId = sourceWith("export default async (e) => ({ ...e, JITSU_TABLE_NAME: 'signups' })");
        EventEnvelope out = processedOne(send(sourceId, event("anon-table")));
        assertThat(out.table()).isEqualTo("signups");
        assertThat(out.event().has("JITSU_TABLE_NAME")).isFalse();
    }

    @Test
    void eachFunctionGetsItsOwnPropsAsCtxProps() {
        String source = TestServices.uniqueName("src");
        String sourceId = api("/workspaces/" + workspaceId + "/sources", Map.of("name", source)).get("id").toString();
        String code = "export default async (e, { props }) => { (e.properties.labels ??= []).push(props.label); return e; }";
        api("/functions", Map.of("workspace", workspaceId, "name", TestServices.uniqueName("fn"), "code", code,
                "source", source, "props", Map.of("label", "first")));
        api("/functions", Map.of("workspace", workspaceId, "name", TestServices.uniqueName("fn"), "code", code,
                "source", source, "props", Map.of("label", "second")));
        EventEnvelope out = processedOne(send(sourceId, event("anon-props")));
        assertThat(out.event().at("/properties/labels").toString()).isEqualTo("[\"first\",\"second\"]");
    }

    @Test
    void aChainRunsInOrderEachOnThePreviousOutput() {
        String sourceId = sourceWith(
                "export default async (e) => { e.properties.steps = ['first']; return e; }",
                "export default async (e) => { e.properties.steps.push('second'); return e; }");
        EventEnvelope out = processedOne(send(sourceId, event("anon-chain")));
        assertThat(out.event().at("/properties/steps").toString()).isEqualTo("[\"first\",\"second\"]");
    }

    @Test
    void aThrowGoesToTheDeadLetterQueueWithErrorStackAndFunction() {
        String sourceId = sourceWith("export default async (e) => { throw new Error('cannot handle ' + e.event); }");
        String messageId = send(sourceId, event("anon-throw"));
        DeadLetter letter = deadLetter(messageId);
        assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.ROTOR);
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.FUNCTION_ERROR);
        assertThat(letter.error()).contains("Error: cannot handle Signed Up");
        assertThat(letter.stack()).contains(".mjs:1");
        assertThat(letter.functionId()).startsWith("fn_");
        assertThat(letter.payload().at("/event/messageId").asText()).isEqualTo(messageId);
        assertThat(letter.sourceId()).isEqualTo(sourceId);
    }

    @Test
    void aRunawayFunctionTimesOutToTheDeadLetterQueueAndEventsKeepFlowing() {
        String loops = sourceWith("export default async (e) => { while (true) {} }");
        String passes = sourceWith("export default async (e) => e");
        String stuck = send(loops, event("anon-loop"));
        String fine = send(passes, event("anon-after-loop"));
        assertThat(deadLetter(stuck).reason()).isEqualTo(DeadLetter.Reasons.FUNCTION_TIMEOUT);
        assertThat(processedOne(fine).messageId()).isEqualTo(fine);
    }

    @Test
    void retryErrorGoesToTheRetryTopicWithBackoffThenToTheDeadLetterQueue() {
        String sourceId = sourceWith("""
                import { RetryError } from "@jitsu/functions-lib";
                export default async (e, { retries }) => { throw new RetryError("busy, attempt " + retries); }""");
        Instant sent = Instant.now();
        String messageId = send(sourceId, event("anon-retry"));
        EventEnvelope retried = await(TEST.topic("events.retry"), bytes -> {
            try {
                return EventJson.envelope(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, envelope -> envelope.messageId().equals(messageId), 1).get(0);
        assertThat(retried.retries()).isEqualTo(1);
        assertThat(retried.notBefore()).isAfter(sent.plusMillis(900));
        // maxRetries is 1: the second failure is final.
        DeadLetter letter = deadLetter(messageId);
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.RETRIES_EXHAUSTED);
        assertThat(letter.error()).contains("busy, attempt 1", "gave up after 1 retries");
        assertThat(letter.failedAt()).isAfterOrEqualTo(retried.notBefore());
    }

    @Test
    void theStoreKeepsStateAcrossEventsInRedis() {
        String counter = UUID.randomUUID().toString();
        String sourceId = sourceWith("""
                export default async (e, { store }) => {
                  const count = ((await store.get("%s")) ?? 0) + 1;
                  await store.set("%s", count, 60);
                  e.properties.count = count;
                  return e;
                }""".formatted(counter, counter));
        String anonymousId = "anon-store-" + counter;
        String first = send(sourceId, event(anonymousId));
        String second = send(sourceId, event(anonymousId));
        assertThat(processedOne(first).event().at("/properties/count").asInt()).isEqualTo(1);
        assertThat(processedOne(second).event().at("/properties/count").asInt()).isEqualTo(2);
        try (RedisClient redis = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT)) {
            String key = "cdp:store:" + workspaceId + ":" + counter;
            assertThat(redis.get(key)).isEqualTo("2");
            assertThat(redis.ttl(key)).isBetween(1L, 60L);
        }
    }

    @Test
    void fetchReachesAnAllowedLocalServerAndIsLogged() {
        String url = "http://127.0.0.1:" + ENRICHMENT.getAddress().getPort() + "/plan";
        String name = TestServices.uniqueName("enrich");
        String source = TestServices.uniqueName("src");
        String sourceId = api("/workspaces/" + workspaceId + "/sources", Map.of("name", source)).get("id").toString();
        api("/functions", Map.of("workspace", workspaceId, "name", name, "source", source, "code", """
                export default async (e, { fetch, log }) => {
                  const plan = await (await fetch("%s")).json();
                  log.info("plan is " + plan.plan);
                  return { ...e, plan };
                }""".formatted(url)));
        String messageId = send(sourceId, event("anon-fetch"));
        assertThat(processedOne(messageId).event().path("plan").toString()).isEqualTo("{\"plan\":\"gold\",\"seats\":12}");
        Map<String, Object> logs = apiGet("/functions/" + name + "/logs?workspace=" + workspaceId);
        assertThat(logs.get("logs").toString()).contains("plan is gold", messageId, "fetch GET " + url + " -> 200");
    }

    @Test
    void fetchToAHostOffTheAllowListIsRefused() {
        int before = ENRICHMENT_CALLS.get();
        String sourceId = sourceWith("export default async (e, { fetch }) => { await fetch('http://localhost:"
                + ENRICHMENT.getAddress().getPort() + "/plan'); return e; }");
        DeadLetter letter = deadLetter(send(sourceId, event("anon-refused")));
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.SANDBOX_VIOLATION);
        assertThat(letter.error()).contains("host 'localhost' is not on the fetch allow-list");
        assertThat(ENRICHMENT_CALLS.get()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java.type('java.lang.Runtime').getRuntime().exec('id')", "Polyglot.eval('js', '1')"})
    void hostAccessIsRefused(String attempt) {
        String sourceId = sourceWith("export default async (e) => { " + attempt + "; return e; }");
        DeadLetter letter = deadLetter(send(sourceId, event("anon-escape")));
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.SANDBOX_VIOLATION);
        assertThat(letter.error()).contains("host access is not allowed");
    }

    @Test
    void jitsuDocumentationExamplesRunUnchanged() throws IOException {
        String intro = sourceWith(Files.readString(Path.of("src/test/resources/jitsu-docs/quick-intro.js")));
        ObjectNode event = event("anon-docs");
        ObjectNode expected = event.deepCopy();
        expected.with("context").put("ip", "203.0.113.0");
        assertThat(processedOne(send(intro, event)).event()).isEqualTo(expected);

        String multiply = sourceWith(Files.readString(Path.of("src/test/resources/jitsu-docs/multiply-events.js")));
        ObjectNode purchase = event("anon-purchase");
        purchase.put("event", "purchase");
        purchase.with("properties").putArray("products")
                .add(EventJson.MAPPER.createObjectNode().put("id", "p1").put("price", 10))
                .add(EventJson.MAPPER.createObjectNode().put("id", "p2").put("price", 25.5));
        String messageId = send(multiply, purchase);
        List<EventEnvelope> products = processed(envelope -> envelope.messageId().startsWith(messageId), 2);
        assertThat(products).extracting(envelope -> envelope.event().toString()).containsExactlyInAnyOrder(
                "{\"event_type\":\"purchase\",\"product_id\":\"p1\",\"price\":10}",
                "{\"event_type\":\"purchase\",\"product_id\":\"p2\",\"price\":25.5}");
    }

    @Test
    void deployRefusesCodeThatDoesNotCompileNamingTheField() {
        Response response = target("/functions").request().header("Authorization", "Bearer " + TEST.token())
                .post(Entity.json(Map.of("workspace", workspaceId, "name", "broken", "code", "export default (")));
        Map<String, Object> answer = response.readEntity(JSON);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(answer).containsEntry("field", "code");
        assertThat(answer.get("error").toString()).contains("SyntaxError");
    }

    @Test
    void redeployingMakesANewVersionThatTheRotorPicksUp() throws InterruptedException {
        String name = TestServices.uniqueName("versioned");
        String source = TestServices.uniqueName("src");
        String sourceId = api("/workspaces/" + workspaceId + "/sources", Map.of("name", source)).get("id").toString();
        Map<String, Object> first = api("/functions", Map.of("workspace", workspaceId, "name", name, "source", source,
                "code", "export default (e) => ({ ...e, v: 1 })"));
        assertThat(first.get("function").toString()).contains("version=1");
        assertThat(processedOne(send(sourceId, event("anon-v"))).event().path("v").asInt()).isEqualTo(1);

        Map<String, Object> second = api("/functions", Map.of("workspace", workspaceId, "name", name,
                "code", "export default (e) => ({ ...e, v: 2 })"));
        assertThat(second.get("function").toString()).contains("version=2");
        Map<String, Object> listed = apiGet("/functions?workspace=" + workspaceId);
        assertThat(listed.get("functions").toString()).contains(name, "version=2", source);
        // The chain cache lives for chainCacheTtl (1 s here): later events get version 2.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen = 1;
        while (seen != 2 && System.nanoTime() < deadline) {
            seen = processedOne(send(sourceId, event("anon-v"))).event().path("v").asInt();
            Thread.sleep(500);
        }
        assertThat(seen).isEqualTo(2);
    }
}
