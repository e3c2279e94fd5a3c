package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.dedup.Deduplicator;
import io.cdp.server.ingest.publish.DeliveryMode;
import io.cdp.server.ingest.publish.EventPublisher;
import io.cdp.server.ingest.publish.Spool;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaFieldRepo;
import io.cdp.server.testing.TestServices;
import io.dropwizard.jersey.validation.Validators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import io.cdp.server.live.LiveEvent;
import io.cdp.server.live.LiveFilter;
import io.cdp.server.live.RecentEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The ingest steps without HTTP, on the real Redis (rate limit, dedup) and PostgreSQL (learned
 * schema), with Kafka mocked: a single event and a batch of one are judged alike, and the dedup
 * marks of events that did not go on are released. Each test has a workspace of its own.
 */
class IngestServiceTest {
    private static final String INGEST_TOPIC = "events.ingest.t";
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private static String database;
    private static Jdbi jdbi;

    private final String workspace = TestServices.uniqueName("ws");
    private final KeyOwner owner = new KeyOwner("key", "src", workspace, "enterprise", 1000, 100_000L, null, null);
    private final Arrival arrival = new Arrival(Instant.now(), "192.0.2.1", Map.of());
    private final MockProducer<String, byte[]> kafka = new RefusingProducer(Integer.MAX_VALUE);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Spool> spools = new ArrayList<>();
    @TempDir
    Path spoolDirs;
    private final RecentEvents recent = new RecentEvents(100, 1000, Clock.systemUTC());

    @BeforeAll
    static void database() {
        database = TestServices.createMigratedDatabase("ingestservice");
        jdbi = Jdbi.create(TestServices.jdbcUrl(database), TestServices.PG_USER, "").installPlugin(new SqlObjectPlugin());
    }

    @AfterAll
    static void close() {
        REDIS.close();
        TestServices.dropDatabase(database);
    }

    /** A producer that takes {@code accepted} ingest records, then refuses at once, as a full buffer does. */
    private static final class RefusingProducer extends MockProducer<String, byte[]> {
        private int accepted;

        RefusingProducer(int accepted) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.accepted = accepted;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().equals(INGEST_TOPIC) && accepted-- <= 0) {
                throw new KafkaException("buffer full");
            }
            return super.send(record, callback);
        }
    }

    @AfterEach
    void closeSpools() throws IOException {
        for (Spool spool : spools) {
            spool.close();
        }
    }

    /** The service with buffered delivery: an event is taken when the producer takes it. */
    private IngestService service(MockProducer<String, byte[]> producer) {
        jdbi.useHandle(handle -> handle.execute("INSERT INTO workspaces (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                workspace, workspace));
        Spool spool;
        try {
            spool = Spool.open(spoolDirs.resolve("spool-" + spools.size()), 1 << 20, 64 * 1024);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        spools.add(spool);
        return new IngestService(new EventValidator(Validators.newValidator()),
                new RateLimiter(REDIS, new IngestConfig.RateLimits()), new LateEventCheck(Duration.ofHours(24)),
                new Deduplicator(REDIS, Duration.ofHours(24)),
                new SchemaCheck(jdbi.onDemand(SchemaFieldRepo.class)),
                new EventPublisher(producer, INGEST_TOPIC, "events.dlq.t", DeliveryMode.BUFFERED, spool,
                        Duration.ofSeconds(5)),
                Duration.ofSeconds(5), 8 * 1024, 50, new IngestMetrics(meters), recent);
    }

    private static Map<String, Object> track() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "track");
        event.put("anonymousId", "anon-" + UUID.randomUUID());
        event.put("messageId", "m-" + UUID.randomUUID());
        event.put("event", "Signed Up");
        return event;
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(event);
        if (value == null) {
            changed.remove(field);
        } else {
            changed.put(field, value);
        }
        return changed;
    }

    private static ObjectNode json(Object value) {
        return EventJson.MAPPER.valueToTree(value);
    }

    private static BatchResult batch(IngestService service, KeyOwner owner, Arrival arrival, Object... events) {
        return service.ingestBatch(owner, json(Map.of("batch", List.of(events))), arrival);
    }

    private boolean marked(Map<String, Object> event) {
        return REDIS.exists(Deduplicator.key(workspace, (String) event.get("messageId")));
    }

    /** What became of one event: the single path's answer or error, as the batch path lists it. */
    private record Verdict(int status, String error, String field, boolean duplicate) {
        static Verdict of(AppError refused) {
            return new Verdict(refused.status(), refused.getMessage(), refused.field().orElse(null), false);
        }
    }

    private Verdict alone(IngestService service, Map<String, Object> event) {
        try {
            SingleResult result = service.ingest(owner, "track", json(event), arrival);
            return new Verdict(200, null, null, result.duplicate() != null);
        } catch (AppError refused) {
            return Verdict.of(refused);
        }
    }

    private Verdict inABatchOfOne(IngestService service, Map<String, Object> event) {
        BatchResult result = batch(service, owner, arrival, event);
        if (result.rejected().isEmpty()) {
            return new Verdict(200, null, null, result.duplicates() == 1);
        }
        EventRejection rejection = result.rejected().get(0);
        assertThat(rejection.index()).isZero();
        assertThat(result.accepted()).isZero();
        return new Verdict(rejection.status(), rejection.error(), rejection.field(), false);
    }

    @Test
    void aSingleEventAndABatchOfOneGetTheSameVerdicts() {
        IngestService service = service(kafka);
        service.ingest(owner, "track", json(with(track(), "properties", Map.of("price", 10))), arrival);
        Map<String, Object> seen = track();
        service.ingest(owner, "track", json(seen), arrival);

        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("good", track());
        cases.put("no identity", with(track(), "anonymousId", null));
        cases.put("track without event", with(track(), "event", null));
        cases.put("late", with(track(), "sentAt", arrival.receivedAt().minus(Duration.ofHours(25)).toString()));
        cases.put("schema conflict", with(track(), "properties", Map.of("price", "ten")));
        for (Map.Entry<String, Map<String, Object>> example : cases.entrySet()) {
            Map<String, Object> single = example.getValue();
            Map<String, Object> batched = with(single, "messageId", "m-" + UUID.randomUUID());
            assertThat(inABatchOfOne(service, batched)).as(example.getKey()).isEqualTo(alone(service, single));
        }
        assertThat(alone(service, seen)).isEqualTo(new Verdict(200, null, null, true));
        assertThat(inABatchOfOne(service, seen)).isEqualTo(new Verdict(200, null, null, true));

        assertThat(alone(service, cases.get("no identity")))
                .isEqualTo(new Verdict(400, "userId or anonymousId is required", "userId", false));
        assertThat(alone(service, cases.get("late")).status()).isEqualTo(422);
        Verdict conflict = alone(service, cases.get("schema conflict"));
        assertThat(conflict.status()).isEqualTo(400);
        assertThat(conflict.field()).isEqualTo("properties_price");
    }

    @Test
    void aSchemaConflictReleasesItsMarkAndKeepsTheForwardedOnes() {
        IngestService service = service(kafka);
        Map<String, Object> learned = with(track(), "properties", Map.of("price", 10));
        Map<String, Object> conflicting = with(track(), "properties", Map.of("price", "ten"));

        BatchResult result = batch(service, owner, arrival, learned, conflicting);

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.rejected()).extracting(EventRejection::index).containsExactly(1);
        assertThat(marked(learned)).isTrue();
        assertThat(marked(conflicting)).isFalse();
        assertThatThrownBy(() -> service.ingest(owner, "track", json(conflicting), arrival))
                .isInstanceOf(AppError.class);
        assertThat(marked(conflicting)).as("a single event's conflict releases its mark too").isFalse();
    }

    @Test
    void whenKafkaRefusesTheAnswerSaysWhichEventsWereTakenAndOnlyThoseAreRememberedForDedup() {
        IngestService service = service(new RefusingProducer(1));
        Map<String, Object> sent = track();
        Map<String, Object> unsent = track();
        Map<String, Object> alsoUnsent = track();

        BatchResult partly = batch(service, owner, arrival, sent, unsent, alsoUnsent);

        assertThat(partly.success()).isFalse();
        assertThat(partly.error()).isNotBlank();
        assertThat(partly.accepted()).isEqualTo(1);
        assertThat(partly.unavailable()).extracting(EventRejection::index).containsExactly(1, 2);
        assertThat(partly.unavailable()).extracting(EventRejection::messageId)
                .containsExactly((String) unsent.get("messageId"), (String) alsoUnsent.get("messageId"));
        assertThat(marked(sent)).isTrue();
        assertThat(marked(unsent)).isFalse();
        assertThat(marked(alsoUnsent)).isFalse();
        BatchResult retry = batch(service(kafka), owner, arrival, sent, unsent, alsoUnsent);
        assertThat(retry.accepted()).isEqualTo(2);
        assertThat(retry.duplicates()).isEqualTo(1);
    }

    @Test
    void aMalformedSingleEventCostsNoRateLimitTokenButEveryEventOfABatchCounts() {
        IngestService service = service(kafka);
        KeyOwner oneAtATime = new KeyOwner("key", "src", workspace, "enterprise", 1, 100_000L, null, null);
        Map<String, Object> malformed = with(track(), "event", null);

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> service.ingest(oneAtATime, "track", json(malformed), arrival))
                    .isInstanceOfSatisfying(AppError.class, error -> assertThat(error.status()).isEqualTo(400));
        }
        assertThat(service.ingest(oneAtATime, "track", json(track()), arrival).success()).isTrue();
        assertThatThrownBy(() -> batch(service, oneAtATime, arrival, malformed))
                .isInstanceOfSatisfying(AppError.class, error -> assertThat(error.status()).isEqualTo(429));
    }

    @Test
    void everyVerdictIsCountedOnceWithTheReasonOfTheStepThatReachedIt() {
        IngestService service = service(kafka);
        service.ingest(owner, "track", json(with(track(), "properties", Map.of("price", 10))), arrival);
        Map<String, Object> seen = track();
        batch(service, owner, arrival, seen, seen, with(track(), "event", null),
                with(track(), "sentAt", arrival.receivedAt().minus(Duration.ofHours(25)).toString()),
                with(track(), "properties", Map.of("price", "ten")), "not an object");
        assertThatThrownBy(() -> service.ingest(owner, "track", json(with(track(), "event", null)), arrival))
                .isInstanceOf(AppError.class);
        KeyOwner limited = new KeyOwner("key", "src", workspace, "enterprise", 1, 100_000L, null, null);
        assertThatThrownBy(() -> batch(service, limited, arrival, track(), track()))
                .isInstanceOfSatisfying(AppError.class, error -> assertThat(error.status()).isEqualTo(429));

        assertThat(meters.counter("cdp.ingest.events.accepted").count()).isEqualTo(2);
        assertThat(meters.counter("cdp.ingest.events.deduplicated").count()).isEqualTo(1);
        assertThat(meters.counter("cdp.ingest.events.rejected", "reason", "invalid").count()).isEqualTo(3);
        assertThat(meters.counter("cdp.ingest.events.rejected", "reason", "late").count()).isEqualTo(1);
        assertThat(meters.counter("cdp.ingest.events.rejected", "reason", "schema_conflict").count()).isEqualTo(1);
        assertThat(meters.counter("cdp.ingest.events.rate.limited").count()).isEqualTo(2);
        assertThat(meters.timer("cdp.ingest.request", "kind", "single").count()).isEqualTo(2);
        assertThat(meters.timer("cdp.ingest.request", "kind", "batch").count()).isEqualTo(2);
    }

    @Test
    void theLiveViewKeepsEveryVerdictOnlyWhileWatched() {
        IngestService service = service(kafka);
        service.ingest(owner, "track", json(track()), arrival);
        assertThat(recent.lastSeq()).as("nobody watches: nothing kept").isZero();

        recent.markWatched();
        Map<String, Object> seen = with(track(), "event", "Order Completed");
        batch(service, owner, arrival, seen, seen, with(track(), "event", null), "not an object");
        List<LiveEvent> events = recent.after(0, LiveFilter.NONE, 10);

        assertThat(events).extracting(LiveEvent::verdict, LiveEvent::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("accepted", null),
                org.assertj.core.groups.Tuple.tuple("deduplicated", null),
                org.assertj.core.groups.Tuple.tuple("rejected", "invalid"),
                org.assertj.core.groups.Tuple.tuple("rejected", "invalid"));
        assertThat(events.get(0).workspaceId()).isEqualTo(workspace);
        assertThat(events.get(0).event()).isEqualTo("Order Completed");
        assertThat(recent.find(events.get(0).messageId()).orElseThrow().payload().path("event").asText())
                .isEqualTo("Order Completed");
        assertThat(recent.after(0, new LiveFilter(null, null, null, "order completed"), 10)).hasSize(2);
        assertThat(recent.after(events.get(1).seq(), LiveFilter.NONE, 10)).hasSize(2);
    }
}
