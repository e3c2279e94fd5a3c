package io.cdp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.ServerProcess;
import io.cdp.server.testing.TestClickHouse;
import io.cdp.server.testing.TestServices;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every role scaled out as an operator would run it: two ingest, two rotor and two bulker
 * processes ({@code CDP_ROLES}) on the local services, sharing their consumer groups. Clients
 * send through both ingest processes; one rotor and one bulker are killed with {@code kill -9}
 * in the middle of the load. Every event answered 200 must be shown exactly once by
 * {@code FINAL} in ClickHouse: the rotor and the bulker are at-least-once, the table's
 * deduplication makes the result exactly-once.
 */
class ScaleOutTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutTest.class);
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int CLIENTS = 4;
    private static final int BATCHES_PER_CLIENT = 60;
    private static final int BATCH = 100;

    private static final String SUFFIX = TestServices.uniqueName("scale");
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.migrated("scale_ch");
    private static String database;
    private static String table;

    @BeforeAll
    static void createServices() {
        TestServices.createTopics(SUFFIX);
        database = TestServices.createMigratedDatabase("scale");
    }

    @AfterAll
    static void dropDatabase() {
        TestServices.dropDatabase(database);
    }

    @Test
    void twoOfEachRoleWithARotorAndABulkerKilledMidLoadShowEveryAcknowledgedEventOnce() throws Exception {
        Map<String, String> env = ServerProcess.servicesEnv(database, CLICKHOUSE.database(), SUFFIX);
        env.put("CDP_ROTOR_GROUP", "rotor-" + SUFFIX);
        env.put("CDP_BULKER_GROUP", "bulker-" + SUFFIX);
        env.put("CDP_BULKER_BATCH_ROWS", "2000");
        env.put("CDP_BULKER_BATCH_INTERVAL", "300ms");
        String adminToken = env.get("CDP_ADMIN_TOKEN");

        List<ServerProcess> processes = new ArrayList<>();
        try {
            ServerProcess ingestA = start(processes, "scale-ingest-a", "ingest,api", env);
            ServerProcess ingestB = start(processes, "scale-ingest-b", "ingest", env);
            ServerProcess rotorA = start(processes, "scale-rotor-a", "rotor", env);
            start(processes, "scale-rotor-b", "rotor", env);
            ServerProcess bulkerA = start(processes, "scale-bulker-a", "bulker", env);
            start(processes, "scale-bulker-b", "bulker", env);
            for (ServerProcess process : processes) {
                process.awaitStarted(START);
            }
            JsonNode created = IngestTestKit.createKeyAnswer(ingestA.port(), adminToken, "scale",
                    Map.of("tier", "enterprise", "rate_burst", 100_000_000, "rate_per_day", 10_000_000_000L));
            String key = created.get("key").asText();
            table = TenantTables.name(created.get("workspace_id").asText(), "events");
            // The processes about to be killed must hold partitions when they die, or the test proves nothing.
            for (String group : List.of(env.get("CDP_ROTOR_GROUP"), env.get("CDP_BULKER_GROUP") + "-clickhouse")) {
                Eventually.await(START, "two members sharing the partitions of " + group,
                        () -> TestServices.consumerGroup(group), description -> description.members().size() == 2
                                && description.members().stream()
                                .noneMatch(member -> member.assignment().topicPartitions().isEmpty()));
            }

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            CountDownLatch aThirdSent = new CountDownLatch(CLIENTS * BATCHES_PER_CLIENT / 3);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Integer>> refusals = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                refusals.add(clients.submit(() -> send(id, key, List.of(ingestA.port(), ingestB.port()), acknowledged,
                        aThirdSent)));
            }
            assertThat(aThirdSent.await(120, TimeUnit.SECONDS)).as("a third of the load sent").isTrue();
            rotorA.kill();
            bulkerA.kill();
            LOG.info("kill -9 of {} and {} after {} acknowledged events", rotorA.log(), bulkerA.log(), acknowledged.size());
            clients.shutdown();
            int refused = 0;
            for (Future<Integer> client : refusals) {
                refused += client.get(180, TimeUnit.SECONDS);
            }
            assertThat(refused).as("batches not answered 200").isZero();
            assertThat(acknowledged).hasSize(CLIENTS * BATCHES_PER_CLIENT * BATCH);

            Eventually.await(WAIT, acknowledged.size() + " events shown by FINAL (logs in target/scale-*.log)",
                    () -> count("count()", true), shown -> shown >= acknowledged.size());
            assertThat(count("count()", true)).isEqualTo(acknowledged.size());
            assertThat(count("uniqExact(message_id)", false)).isEqualTo(acknowledged.size());
            LOG.info("{} events shown once; rows stored before merging: {}", acknowledged.size(), count("count()", false));
        } finally {
            for (ServerProcess process : processes) {
                process.close();
            }
        }
    }

    private static ServerProcess start(List<ServerProcess> processes, String name, String roles, Map<String, String> env)
            throws Exception {
        Map<String, String> own = new java.util.HashMap<>(env);
        own.put("CDP_ROLES", roles);
        ServerProcess process = ServerProcess.start(name, own);
        processes.add(process);
        return process;
    }

    /**
     * One client: {@code BATCHES_PER_CLIENT} batches of {@code BATCH} events, alternating between
     * the ingest processes; answers how many batches were not answered 200.
     */
    private static int send(int client, String key, List<Integer> ports, Set<String> acknowledged,
                            CountDownLatch sent) throws Exception {
        String authorization = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        int refused = 0;
        for (int number = 0; number < BATCHES_PER_CLIENT; number++) {
            int batch = number;
            String prefix = "scale-" + client + "-" + batch + "-";
            List<Map<String, Object>> events = IntStream.range(0, BATCH).mapToObj(i -> Map.<String, Object>of(
                    "type", "track", "event", "Scaled", "messageId", prefix + i,
                    "anonymousId", "visitor-" + ((client * 31 + i) % 53),
                    "properties", Map.of("client", client, "batch", batch, "i", i))).toList();
            HttpResponse<String> answer = IngestTestKit.post(ports.get(batch % ports.size()), "/v1/batch",
                    EventJson.toBytes(Map.of("batch", events)), "Authorization", authorization,
                    "Content-Type", "application/json");
            JsonNode body = answer.statusCode() == 200 ? IngestTestKit.json(answer) : null;
            if (body != null && body.path("accepted").asInt() == BATCH) {
                events.forEach(event -> acknowledged.add((String) event.get("messageId")));
            } else {
                LOG.warn("batch {} of client {}: {} {}", batch, client, answer.statusCode(), answer.body());
                refused++;
            }
            sent.countDown();
        }
        return refused;
    }

    private static long count(String aggregate, boolean fin) {
        return CLICKHOUSE.client().query("SELECT " + aggregate + " AS n FROM " + table + (fin ? " FINAL" : "")
                + " WHERE message_id LIKE 'scale-%'").get(0).get("n").asLong();
    }
}
