package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.clickhouse.ClickHouseDestination;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.identity.Identity;
import io.cdp.server.identity.IdentityRepo;
import io.cdp.server.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulker from {@code events.processed} to ClickHouse and the PostgreSQL destination, on the
 * real services: one bulker for the class, each test with its own message ids and visitors.
 */
class BulkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static BulkerFixture fixture;
    private static Bulker bulker;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BulkerFixture();
        bulker = fixture.startBulker(true);
    }

    @AfterAll
    static void stop() throws Exception {
        bulker.stop();
        fixture.close();
    }

    private static Map<String, String> clickHouseRow(String messageId) {
        return Eventually.await(WAIT, "message " + messageId + " in ClickHouse",
                () -> ClickHouseDestinationTest.textRows(fixture.clickHouse, BulkerFixture.EVENTS).get(messageId),
                row -> row != null);
    }

    private static Map<String, String> postgresRow(String table, String messageId) {
        return Eventually.await(WAIT, "message " + messageId + " in PostgreSQL",
                () -> PostgresDestinationTest.textRows(fixture.warehouseSource, table).get(messageId), row -> row != null);
    }

    /** The dead letters of a message refused by both destinations, one letter each. */
    private static List<DeadLetter> lettersFromBothDestinations(String messageId) {
        return Eventually.await(WAIT, "two dead letters of " + messageId + " (one per destination)",
                () -> fixture.deadLetters().stream().filter(letter -> messageId.equals(letter.messageId())).toList(),
                found -> found.size() == 2);
    }

    @Test
    void eventsLandInBothDestinationsWithFlattenedColumnsAndTheirTimes() {
        fixture.send(fixture.envelope("e2e-1", """
                {"type":"track","event":"Signed Up","anonymousId":"visitor-e2e","sentAt":"2024-05-01T09:59:59.000Z",
                 "timestamp":"2024-05-01T09:59:58.000Z","properties":{"plan":{"name":"pro"},"seats":3},
                 "context":{"page":{"url":"https://example.com/pricing"}}}"""));

        for (Map<String, String> row : List.of(clickHouseRow("e2e-1"), postgresRow(BulkerFixture.EVENTS, "e2e-1"))) {
            assertThat(row).containsEntry("workspace_id", BulkerFixture.WORKSPACE).containsEntry("type", "track")
                    .containsEntry("event", "Signed Up").containsEntry("properties_plan_name", "pro")
                    .containsEntry("properties_seats", "3")
                    .containsEntry("context_page_url", "https://example.com/pricing");
            assertThat(row.get("sent_at")).contains("2024-05-01").contains("09:59:59");
            assertThat(row.get("timestamp")).contains("2024-05-01").contains("09:59:58");
            assertThat(row.get("received_at")).isNotNull().doesNotStartWith("1970");
        }
    }

    @Test
    void aNewFieldAddsAColumnAndTheTableTheRotorChoseIsUsed() {
        fixture.send(fixture.envelope("e2e-new-field", "{\"type\":\"track\",\"properties\":{\"brand_new\":1.5}}"));
        fixture.send(fixture.envelope("e2e-orders", "{\"type\":\"track\",\"properties\":{\"total\":42}}", "Orders 2024"));

        assertThat(clickHouseRow("e2e-new-field")).containsEntry("properties_brand_new", "1.5");
        assertThat(postgresRow(BulkerFixture.EVENTS, "e2e-new-field")).containsEntry("properties_brand_new", "1.5");
        assertThat(Eventually.await(WAIT, "table orders_2024", () -> fixture.clickHouseCount(TenantTables.name(BulkerFixture.WORKSPACE, "orders_2024"), null),
                count -> count == 1)).isEqualTo(1);
        assertThat(postgresRow(TenantTables.name(BulkerFixture.WORKSPACE, "orders_2024"), "e2e-orders")).containsEntry("properties_total", "42");
    }

    @Test
    void aTypeConflictSendsThatRowToTheDeadLetterQueueNamingTheFieldAndTheRestIsWritten() {
        fixture.send(fixture.envelope("e2e-seats-int", "{\"type\":\"track\",\"properties\":{\"conflicting\":3}}"));
        clickHouseRow("e2e-seats-int");
        postgresRow(BulkerFixture.EVENTS, "e2e-seats-int");
        long storedBefore = clickHouseMeter(DestinationMetrics.storedRowsName(ClickHouseDestination.NAME));
        long rejectedBefore = clickHouseMeter(DestinationMetrics.deadLetteredRowsName(ClickHouseDestination.NAME));
        fixture.send(fixture.envelope("e2e-seats-text", "{\"type\":\"track\",\"properties\":{\"conflicting\":\"three\"}}"));
        fixture.send(fixture.envelope("e2e-after-conflict", "{\"type\":\"track\",\"properties\":{\"conflicting\":4}}"));

        assertThat(clickHouseRow("e2e-after-conflict")).containsEntry("properties_conflicting", "4");
        List<DeadLetter> letters = lettersFromBothDestinations("e2e-seats-text");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.BULKER);
            assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.TYPE_CONFLICT);
            assertThat(letter.field()).isEqualTo("properties_conflicting");
            assertThat(letter.error()).contains("properties_conflicting", "string");
            assertThat(letter.payload().path("event").path("properties").path("conflicting").asText()).isEqualTo("three");
        });
        assertThat(letters).extracting(DeadLetter::error).anySatisfy(error -> assertThat(error).startsWith("clickhouse:"))
                .anySatisfy(error -> assertThat(error).startsWith("postgres:"));
        assertThat(ClickHouseDestinationTest.textRows(fixture.clickHouse, BulkerFixture.EVENTS)).doesNotContainKey("e2e-seats-text");
        // The bulker's metrics (the admin port's /metrics) count the stored row and the rejected one.
        Eventually.await(WAIT, "the ClickHouse meters",
                () -> List.of(clickHouseMeter(DestinationMetrics.storedRowsName(ClickHouseDestination.NAME)) - storedBefore,
                        clickHouseMeter(DestinationMetrics.deadLetteredRowsName(ClickHouseDestination.NAME)) - rejectedBefore),
                counts -> counts.equals(List.of(1L, 1L)));
    }

    @Test
    void twoWorkspacesWithConflictingTypesForOneFieldBothLandEachQueryableWithItsOwnType() {
        String other = "ws_tenant_b";
        fixture.createWorkspace(other);
        String otherEvents = TenantTables.name(other, "events");
        fixture.send(fixture.envelope("tenant-a-amount", "{\"type\":\"track\",\"properties\":{\"amount\":\"twelve\"}}"));
        clickHouseRow("tenant-a-amount");
        postgresRow(BulkerFixture.EVENTS, "tenant-a-amount");
        fixture.send(fixture.envelope(other, "tenant-b-amount", "{\"type\":\"track\",\"properties\":{\"amount\":12.5}}",
                null));

        Map<String, String> clickHouseB = Eventually.await(WAIT, "tenant-b-amount in ClickHouse",
                () -> ClickHouseDestinationTest.textRows(fixture.clickHouse, otherEvents).get("tenant-b-amount@" + other),
                row -> row != null);
        Map<String, String> postgresB = Eventually.await(WAIT, "tenant-b-amount in PostgreSQL",
                () -> PostgresDestinationTest.textRows(fixture.warehouseSource, otherEvents).get("tenant-b-amount@" + other),
                row -> row != null);
        assertThat(clickHouseB).containsEntry("properties_amount", "12.5").containsEntry("workspace_id", other);
        assertThat(postgresB).containsEntry("properties_amount", "12.5");
        assertThat(clickHouseRow("tenant-a-amount")).containsEntry("properties_amount", "twelve");
        assertThat(postgresRow(BulkerFixture.EVENTS, "tenant-a-amount")).containsEntry("properties_amount", "twelve");
        // Each with its own type, and numbers are numbers in B's table: SQL can add them up.
        assertThat(clickHouseColumnType(BulkerFixture.EVENTS, "properties_amount")).isEqualTo("Nullable(String)");
        assertThat(clickHouseColumnType(otherEvents, "properties_amount")).isEqualTo("Nullable(Float64)");
        assertThat(fixture.clickHouse.query("SELECT sum(properties_amount) AS total FROM " + otherEvents + " FINAL")
                .get(0).get("total").asDouble()).isEqualTo(12.5);
        assertThat(PostgresDestinationTest.columnType(fixture.warehouseSource, BulkerFixture.EVENTS, "properties_amount"))
                .isEqualTo("text");
        assertThat(PostgresDestinationTest.columnType(fixture.warehouseSource, otherEvents, "properties_amount"))
                .isEqualTo("double precision");
        // B's rows are in B's table only, and nobody's event was dead-lettered for the other's type.
        assertThat(ClickHouseDestinationTest.textRows(fixture.clickHouse, BulkerFixture.EVENTS))
                .doesNotContainKey("tenant-b-amount@" + other);
        assertThat(fixture.deadLetters()).extracting(DeadLetter::messageId)
                .doesNotContain("tenant-a-amount", "tenant-b-amount");
    }

    @Test
    void anEventWhoseWorkspaceOrTableCannotNameATableIsDeadLetteredAndTheOthersAreWritten() {
        fixture.send(fixture.envelope("Not-Safe", "e2e-unsafe-workspace", "{\"type\":\"track\"}", null),
                fixture.envelope("e2e-long-table", "{\"type\":\"track\"}", "t".repeat(62)),
                fixture.envelope("e2e-after-unsafe", "{\"type\":\"track\"}"));

        clickHouseRow("e2e-after-unsafe");
        postgresRow(BulkerFixture.EVENTS, "e2e-after-unsafe");
        List<DeadLetter> letters = Eventually.await(WAIT, "two dead letters per destination",
                () -> fixture.deadLetters().stream().filter(letter -> letter.messageId() != null
                        && letter.messageId().matches("e2e-(unsafe-workspace|long-table)")).toList(),
                found -> found.size() == 4);
        assertThat(letters).allSatisfy(letter -> assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.INVALID_TABLE));
        assertThat(letters).filteredOn(letter -> letter.messageId().equals("e2e-unsafe-workspace"))
                .allSatisfy(letter -> assertThat(letter.error()).contains("workspace id 'Not-Safe' cannot name a table"));
        assertThat(letters).filteredOn(letter -> letter.messageId().equals("e2e-long-table"))
                .allSatisfy(letter -> assertThat(letter.error()).contains("longer than 63 characters"));
    }

    private static String clickHouseColumnType(String table, String column) {
        return fixture.clickHouse.query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = '"
                + table + "' AND name = '" + column + "'").get(0).get("type").asText();
    }

    private static long clickHouseMeter(String name) {
        return fixture.metrics.meter(name).getCount();
    }

    @Test
    void newColumnsTakeTheTypeIngestLearnedAndTeachIngestTheTypesOfFieldsItNeverSaw() {
        fixture.sql("INSERT INTO schema_fields (workspace_id, table_name, field, type) "
                + "VALUES ('" + BulkerFixture.WORKSPACE + "', 'events', 'properties_learned_score', 'float')");
        fixture.send(fixture.envelope("e2e-learned",
                "{\"type\":\"track\",\"properties\":{\"learned_score\":3,\"added_by_function\":\"yes\"}}"));

        assertThat(clickHouseRow("e2e-learned")).containsEntry("properties_learned_score", "3");
        assertThat(fixture.clickHouse.query("SELECT type FROM system.columns WHERE database = currentDatabase() "
                + "AND table = '" + BulkerFixture.EVENTS + "' AND name = 'properties_learned_score'").get(0).get("type").asText())
                .isEqualTo("Nullable(Float64)");
        List<String> learned = fixture.jdbi.withHandle(handle -> handle.createQuery("SELECT type FROM schema_fields "
                        + "WHERE workspace_id = :ws AND table_name = 'events' AND field = 'properties_added_by_function'")
                .bind("ws", BulkerFixture.WORKSPACE).mapTo(String.class).list());
        assertThat(learned).containsExactly("string");
    }

    @Test
    void offsetsAreCommittedOnceTheRowsAreStored() throws Exception {
        fixture.send(IntStream.range(0, 30).mapToObj(i -> fixture.envelope("commit-" + i,
                "{\"type\":\"track\",\"anonymousId\":\"visitor-commit-" + i + "\"}")).toArray(EventEnvelope[]::new));
        Eventually.await(WAIT, "30 events", () -> fixture.clickHouseCount(BulkerFixture.EVENTS, "message_id LIKE 'commit-%'"),
                count -> count == 30);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers()))) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                TopicPartition topicPartition = new TopicPartition(fixture.kafka.topics().processed(), partition);
                ends.put(topicPartition, admin.listOffsets(Map.of(topicPartition, OffsetSpec.latest())).all()
                        .get(10, TimeUnit.SECONDS).get(topicPartition).offset());
            }
            String group = "bulker-test-" + fixture.suffix + "-clickhouse";
            Map<TopicPartition, Long> committed = Eventually.await(WAIT, "committed offsets of " + group + " at " + ends,
                    () -> committedOffsets(admin, group), ends::equals);
            assertThat(committed).isEqualTo(ends);
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> offsets.put(partition, offset == null ? -1 : offset.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMessageThatIsNoEnvelopeGoesToTheDeadLetterQueue() {
        fixture.sendRaw("garbage-key", "{not json".getBytes(StandardCharsets.UTF_8));

        List<DeadLetter> letters = Eventually.await(WAIT, "a malformed_message letter",
                () -> fixture.deadLetters().stream()
                        .filter(letter -> DeadLetter.Reasons.MALFORMED_MESSAGE.equals(letter.reason())).toList(),
                found -> !found.isEmpty());
        assertThat(letters.get(0).error()).contains("not an event envelope");
        assertThat(letters.get(0).payload().asText()).isEqualTo("{not json");
    }

    @Test
    void aRowWhoseKeysBecomeOneColumnWithDifferentValuesGoesToTheDeadLetterQueueNamingBoth() {
        // A function may return what ingest would have refused: both keys stay in the letter's payload.
        fixture.send(fixture.envelope("e2e-collision",
                "{\"type\":\"track\",\"properties\":{\"a\":{\"b\":\"nested\"},\"a_b\":\"flat\"}}"));
        fixture.send(fixture.envelope("e2e-no-collision",
                "{\"type\":\"track\",\"properties\":{\"a\":{\"b\":\"same\"},\"a_b\":\"same\"}}"));

        assertThat(clickHouseRow("e2e-no-collision")).containsEntry("properties_a_b", "same");
        assertThat(postgresRow(BulkerFixture.EVENTS, "e2e-no-collision")).containsEntry("properties_a_b", "same");
        List<DeadLetter> letters = lettersFromBothDestinations("e2e-collision");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.BULKER);
            assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.FIELD_COLLISION);
            assertThat(letter.field()).isEqualTo("properties_a_b");
            assertThat(letter.error()).contains("\"properties.a.b\"", "\"properties.a_b\"", "\"properties_a_b\"");
            assertThat(letter.workspaceId()).isEqualTo(BulkerFixture.WORKSPACE);
            assertThat(letter.payload().path("event").path("properties").path("a").path("b").asText()).isEqualTo("nested");
            assertThat(letter.payload().path("event").path("properties").path("a_b").asText()).isEqualTo("flat");
        });
        assertThat(letters).extracting(DeadLetter::error).anySatisfy(error -> assertThat(error).startsWith("clickhouse:"))
                .anySatisfy(error -> assertThat(error).startsWith("postgres:"));
        assertThat(ClickHouseDestinationTest.textRows(fixture.clickHouse, BulkerFixture.EVENTS)).doesNotContainKey("e2e-collision");
        assertThat(PostgresDestinationTest.textRows(fixture.warehouseSource, BulkerFixture.EVENTS)).doesNotContainKey("e2e-collision");
    }

    @Test
    void anIdentifyStitchesTheVisitorsEarlierEventsAndLaterOnesGetTheUserIdAtWriteTime() {
        fixture.send(IntStream.range(0, 100).mapToObj(i -> fixture.envelope("stitch-" + i,
                "{\"type\":\"page\",\"anonymousId\":\"visitor-100\"}")).toArray(EventEnvelope[]::new));
        Eventually.await(WAIT, "100 anonymous events", () -> fixture.clickHouseCount(BulkerFixture.EVENTS,
                "anonymous_id = 'visitor-100'"), count -> count == 100);

        fixture.send(fixture.envelope("stitch-identify", """
                {"type":"identify","anonymousId":"visitor-100","userId":"user-100","traits":{"email":"a@example.com"}}"""));
        fixture.send(fixture.envelope("stitch-after", "{\"type\":\"track\",\"anonymousId\":\"visitor-100\"}"));

        Eventually.await(WAIT, "all 102 events of visitor-100 showing user-100 in ClickHouse",
                () -> fixture.clickHouseCount(BulkerFixture.EVENTS, "anonymous_id = 'visitor-100' AND user_id = 'user-100'"),
                count -> count == 102);
        assertThat(fixture.clickHouseCount(BulkerFixture.EVENTS, "anonymous_id = 'visitor-100'")).isEqualTo(102);
        Eventually.await(WAIT, "all 102 events stitched in PostgreSQL",
                () -> PostgresDestinationTest.textRows(fixture.warehouseSource, BulkerFixture.EVENTS).values().stream()
                        .filter(row -> "visitor-100".equals(row.get("anonymous_id")) && "user-100".equals(row.get("user_id")))
                        .count(), count -> count == 102);
    }

    @Test
    void twoConcurrentIdentifiesOfOneVisitorEndConsistent() throws Exception {
        fixture.send(IntStream.range(0, 20).mapToObj(i -> fixture.envelope("race-" + i,
                "{\"type\":\"page\",\"anonymousId\":\"visitor-race\"}")).toArray(EventEnvelope[]::new));
        Eventually.await(WAIT, "20 anonymous events", () -> fixture.clickHouseCount(BulkerFixture.EVENTS,
                "anonymous_id = 'visitor-race'"), count -> count == 20);
        IdentityRepo identities = new IdentityRepo(fixture.jdbi);
        Instant now = Instant.now();
        CountDownLatch go = new CountDownLatch(1);
        // Two processes identify the visitor as different users at once, and each stitches right away.
        List<CompletableFuture<Void>> racers = List.of(
                CompletableFuture.runAsync(() -> identifyAndStitch(go, identities, new Identity(BulkerFixture.WORKSPACE,
                        "visitor-race", "user-earlier", now))),
                CompletableFuture.runAsync(() -> identifyAndStitch(go, identities, new Identity(BulkerFixture.WORKSPACE,
                        "visitor-race", "user-later", now.plusMillis(5)))));
        go.countDown();
        CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get();

        assertThat(identities.find(BulkerFixture.WORKSPACE, "visitor-race")).get()
                .extracting(Identity::userId).isEqualTo("user-later");
        Eventually.await(WAIT, "every event of visitor-race showing user-later",
                () -> fixture.clickHouseCount(BulkerFixture.EVENTS, "anonymous_id = 'visitor-race' AND user_id = 'user-later'"),
                count -> count == 20);
        assertThat(fixture.clickHouseCount(BulkerFixture.EVENTS, "anonymous_id = 'visitor-race'")).isEqualTo(20);
    }

    private static void identifyAndStitch(CountDownLatch go, IdentityRepo identities, Identity identity) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        identities.record(List.of(identity));
        bulker.stitchPending();
    }
}
