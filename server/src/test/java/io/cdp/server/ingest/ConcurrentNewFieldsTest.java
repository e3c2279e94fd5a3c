package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every new source meets first: a fresh workspace, 16 clients at once, batches full of
 * fields the workspace has never seen (the same new names from every client at the same moment,
 * so the learned schema in PostgreSQL is raced for). No request may answer 5xx, and every
 * accepted event must be in ClickHouse, once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConcurrentNewFieldsTest {
    private static final int CLIENTS = 16;
    private static final int BATCHES = 8;
    private static final int EVENTS = 25;
    private static final String TOKEN = "new-fields-test-admin-token";
    private static final String DATABASE = TestServices.createMigratedDatabase("newfields");
    private static final String CLICKHOUSE = TestServices.createMigratedClickHouseDatabase("newfields_ch");
    private static final String TOPICS = TestServices.uniqueName("newfields");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE, TOPICS, TOKEN,
            "clickhouse.database", CLICKHOUSE,
            "bulker.batchInterval", "200ms",
            "rotor.consumerGroup", "cdp-rotor-" + TOPICS);

    @AfterAll
    static void dropClickHouse() {
        TestServices.dropClickHouseDatabase(CLICKHOUSE);
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
        JsonNode created = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TOKEN, TestServices.uniqueName("fresh"),
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
                    HttpResponse<String> answer = IngestTestKit.send(APP.getLocalPort(), "/v1/batch", key,
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
        try (ClickHouse clickHouse = TestServices.clickHouse(CLICKHOUSE)) {
            String sql = "SELECT message_id FROM events FINAL WHERE workspace_id = '" + workspaceId + "'";
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
