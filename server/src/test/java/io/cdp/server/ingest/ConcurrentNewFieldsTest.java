package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every new source meets first: a fresh workspace, 16 clients at once, batches full of
 * fields the workspace has never seen (the same new names from every client at the same moment,
 * so the learned schema in PostgreSQL is raced for). No request may answer 5xx, and every
 * accepted event must be in ClickHouse, once.
 */
class ConcurrentNewFieldsTest {
    private static final int CLIENTS = 16;
    private static final int BATCHES = 8;
    private static final int EVENTS = 25;
    private static final String TOKEN = "new-fields-test-admin-token";
    private static String clickHouseDatabase;
    private static DropwizardTestSupport<CdpConfiguration> app;

    /** The whole pipeline (ingest, rotor, bulker into a ClickHouse database of its own) on a fresh PostgreSQL database. */
    @BeforeAll
    static void startThePipeline() throws Exception {
        clickHouseDatabase = TestServices.createMigratedClickHouseDatabase("newfields_ch");
        String topics = TestServices.uniqueName("newfields");
        app = TestApps.server(TestServices.createMigratedDatabase("newfields"), topics, TOKEN,
                "clickhouse.database", clickHouseDatabase, "bulker.batchInterval", "200ms",
                "rotor.consumerGroup", "cdp-rotor-" + topics);
        app.before();
    }

    @AfterAll
    static void stopThePipeline() {
        app.after();
        TestServices.dropClickHouseDatabase(clickHouseDatabase);
    }

    /** Batch {@code batch} of {@code client}: each event has four fields new to the workspace, shared by every client. */
    private static Map<String, Object> batch(int client, int batch) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (int field = 0; field < 4; field++) {
                properties.put("new_" + batch + "_" + field, field % 2 == 0 ? (Object) (client * 1000 + i) : "text " + i);
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "track");
            event.put("event", "First Seen");
            event.put("anonymousId", "visitor-" + client + "-" + i);
            event.put("messageId", "nf-" + client + "-" + batch + "-" + i);
            event.put("properties", properties);
            events.add(event);
        }
        return Map.of("batch", events);
    }

    @Test
    void sixteenClientsSendingNewFieldsToAFreshWorkspaceGetNo5xxAndEveryAcceptedEventLandsOnce() throws Exception {
        JsonNode created = IngestTestKit.createKeyAnswer(app.getLocalPort(), TOKEN, TestServices.uniqueName("fresh"),
                Map.of("tier", "enterprise", "rate_burst", 1_000_000, "rate_per_day", 100_000_000));
        String key = created.get("key").asText();
        String workspaceId = created.get("workspace_id").asText();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> serverErrors = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            done.add(clients.submit(() -> {
                start.await();
                for (int batch = 0; batch < BATCHES; batch++) {
                    HttpResponse<String> answer = IngestTestKit.send(app.getLocalPort(), "/v1/batch", key,
                            batch(number, batch));
                    if (answer.statusCode() >= 500) {
                        synchronized (serverErrors) {
                            serverErrors.add(answer.statusCode() + " " + answer.body());
                        }
                        continue;
                    }
                    JsonNode result = IngestTestKit.json(answer);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(result.get("rejected")).as(answer.body()).isEmpty();
                    for (int i = 0; i < EVENTS; i++) {
                        accepted.add("nf-" + number + "-" + batch + "-" + i);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> client : done) {
            client.get();
        }
        clients.shutdown();

        assertThat(serverErrors).isEmpty();
        assertThat(accepted).hasSize(CLIENTS * BATCHES * EVENTS);
        try (ClickHouse clickHouse = TestServices.clickHouse(clickHouseDatabase)) {
            String sql = "SELECT message_id FROM " + TenantTables.name(workspaceId, "events") + " FINAL"
                    + " WHERE workspace_id = '" + workspaceId + "'";
            List<String> stored = Eventually.await(Duration.ofSeconds(90), "every accepted event in ClickHouse", () -> {
                List<String> ids = new ArrayList<>();
                clickHouse.query(sql, row -> ids.add(row.get("message_id").asText()));
                return ids;
            }, ids -> new HashSet<>(ids).containsAll(accepted));
            assertThat(stored).doesNotHaveDuplicates();
            assertThat(new HashSet<>(stored)).isEqualTo(accepted);
        }
    }
}
