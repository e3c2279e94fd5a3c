package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestClickHouse;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline in one server (every role): events sent to the HTTP API go through ingest,
 * the rotor and the bulker, and appear in ClickHouse's {@code events} table and in the PostgreSQL
 * destination with their flattened columns and times.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PipelineToDestinationsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TestApp TEST = TestApp.named("pipeline");
    private static final String WAREHOUSE = TestServices.createDatabase("pipeline_wh");
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.migrated("pipeline_ch");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.pipelineInto(CLICKHOUSE,
            "bulker.postgres.enabled", "true",
            "bulker.postgres.database.url", TestServices.jdbcUrl(WAREHOUSE),
            "bulker.postgres.database.user", TestServices.PG_USER);

    private static String key;
    private static String workspaceId;


    @BeforeAll
    static void createKey() throws Exception {
        var answer = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(), "pipeline", Map.of());
        key = answer.get("key").asText();
        workspaceId = answer.get("workspace_id").asText();
    }

    private static Map<String, String> clickHouseRow(String messageId) {
        return Eventually.await(WAIT, messageId + " in ClickHouse",
                () -> ClickHouseDestinationTest.textRows(CLICKHOUSE.client(), TenantTables.name(workspaceId, "events"))
                        .get(messageId + "@" + workspaceId),
                row -> row != null);
    }

    @Test
    void anEventSentToTheApiIsStoredInBothDestinationsWithFlattenedColumnsAndItsTimes() throws Exception {
        Instant sent = Instant.now().minusSeconds(2);
        HttpResponse<String> answer = IngestTestKit.send(APP.getLocalPort(), "/v1/track", key, Map.of(
                "messageId", "pipeline-1", "event", "Order Completed", "anonymousId", "visitor-pipeline",
                "sentAt", sent.toString(), "timestamp", sent.minusSeconds(1).toString(),
                "properties", Map.of("order", Map.of("total", 42.5, "items", 3), "coupon", "SPRING"),
                "context", Map.of("page", Map.of("path", "/checkout"))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        Map<String, String> row = clickHouseRow("pipeline-1");
        assertThat(row).containsEntry("workspace_id", workspaceId).containsEntry("type", "track")
                .containsEntry("event", "Order Completed").containsEntry("anonymous_id", "visitor-pipeline")
                .containsEntry("properties_order_total", "42.5").containsEntry("properties_order_items", "3")
                .containsEntry("properties_coupon", "SPRING").containsEntry("context_page_path", "/checkout");
        assertThat(row.get("received_at")).doesNotStartWith("1970");
        assertThat(row.get("sent_at")).isNotNull().doesNotStartWith("1970");
        assertThat(row.get("timestamp")).isNotNull().doesNotStartWith("1970");

        Map<String, String> postgres = Eventually.await(WAIT, "pipeline-1 in PostgreSQL",
                () -> PostgresDestinationTest.textRows(PostgresDestinationTest.dataSource(WAREHOUSE),
                        TenantTables.name(workspaceId, "events"))
                        .get("pipeline-1@" + workspaceId), found -> found != null);
        assertThat(postgres).containsEntry("properties_order_total", "42.5").containsEntry("event", "Order Completed");
    }

    @Test
    void aNewFieldAddsAColumnAndAnIdentifyStitchesTheEarlierEvents() throws Exception {
        IngestTestKit.send(APP.getLocalPort(), "/v1/page", key, Map.of("messageId", "pipeline-page",
                "anonymousId", "visitor-stitch", "properties", Map.of("first_seen_field", true)));
        assertThat(clickHouseRow("pipeline-page")).containsEntry("properties_first_seen_field", "1");

        IngestTestKit.send(APP.getLocalPort(), "/v1/identify", key, Map.of("messageId", "pipeline-identify",
                "anonymousId", "visitor-stitch", "userId", "user-pipeline", "traits", Map.of("plan", "pro")));

        Eventually.await(WAIT, "the earlier page view showing user-pipeline",
                () -> ClickHouseDestinationTest.textRows(CLICKHOUSE.client(), TenantTables.name(workspaceId, "events"))
                        .get("pipeline-page@" + workspaceId),
                page -> "user-pipeline".equals(page.get("user_id")));
    }
}
