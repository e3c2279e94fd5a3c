package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.bulker.destination.Destination;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.Rows;
import io.cdp.server.bulker.schema.Column;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.bulker.schema.TypeMapping;
import io.cdp.server.bulker.stitch.WriteTimeStitching;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldType;
import io.cdp.server.identity.Identity;
import io.cdp.server.identity.IdentityRepo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's ordering with two batches of a table in flight, on Kafka's MockConsumer, an
 * in-memory destination that holds the first batch's insert back, and an in-memory identities table.
 */
class DestinationLoopTest {
    private static final String TOPIC = "events.processed";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final MockConsumer<String, ByteBuffer> consumer = new MockConsumer<>("earliest");
    private final HeldBackDestination destination = new HeldBackDestination();
    private final InMemoryIdentities identities = new InMemoryIdentities();
    private final Backoff backoff = new Backoff(Duration.ofMillis(100));
    private DestinationLoop loop;
    private long offset;

    private void start() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        loop = new DestinationLoop(consumer, TOPIC, new TableWriter(destination, null, 1000, backoff),
                new WriteTimeStitching(identities, backoff, 1000),
                new RejectedRows(new DeadLetterProducer(producer, "events.dlq"), backoff), backoff,
                new FlushPolicy(2, Long.MAX_VALUE, Duration.ofHours(1)), 1000, 4, 2, 1, Duration.ofSeconds(5),
                new DestinationMetrics(new MetricRegistry(), "memory"));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        });
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        destination.firstInsert.countDown();
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void keepsAMessageInItsOwnBufferAndCopiesOneThatWouldKeepAWholeFetchInMemory() {
        byte[] record = new byte[120];
        ByteBuffer own = ByteBuffer.wrap(record, 20, 90).slice();
        assertThat(DestinationLoop.kept(own)).isSameAs(own);

        byte[] fetch = new byte[1 << 20];
        fetch[5000] = 7;
        ByteBuffer view = ByteBuffer.wrap(fetch, 5000, 90).slice();
        ByteBuffer kept = DestinationLoop.kept(view);
        assertThat(kept.array()).hasSize(90);
        assertThat(kept.remaining()).isEqualTo(90);
        assertThat(kept.get(0)).isEqualTo((byte) 7);
        assertThat(view.position()).isZero();
        assertThat(DestinationLoop.kept(null)).isNull();
    }

    /** Two events that fill one batch (the policy flushes at two rows). */
    private void poll(String firstEvent, String secondEvent) {
        List<ConsumerRecord<String, ByteBuffer>> records = new ArrayList<>();
        for (String event : List.of(firstEvent, secondEvent)) {
            long at = offset++;
            records.add(new ConsumerRecord<>(TOPIC, 0, at, "visitor",
                    ByteBuffer.wrap(EventJson.toBytes(Rows.envelope("ws", "m" + at, event)))));
        }
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    private long committedOffset() {
        OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return committed == null ? 0 : committed.offset();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theNextBatchOfATableIsWrittenWhileOneIsInFlightButItsIdentifiesWaitForTheEarlierBatch()
            throws InterruptedException {
        start();
        poll("{\"type\":\"track\",\"anonymousId\":\"v\"}", "{\"type\":\"track\",\"anonymousId\":\"v\"}");
        poll("{\"type\":\"identify\",\"anonymousId\":\"v\",\"userId\":\"u\"}",
                "{\"type\":\"track\",\"anonymousId\":\"v\"}");

        // The second batch is stored while the first is still being inserted ...
        await(() -> destination.stored.containsKey("m2"));
        assertThat(destination.stored).doesNotContainKey("m0");
        // ... stitched at write time by its own identify ...
        assertThat(destination.stored.get("m3").stitchedUserId()).isEqualTo("u");
        // ... but the identify is not recorded (and its stitch not queued) before the earlier
        // batch, with the visitor's anonymous rows, is stored: the stitch would miss them.
        Thread.sleep(300);
        assertThat(identities.recorded).isEmpty();
        assertThat(committedOffset()).as("nothing committed past the first batch").isZero();

        destination.firstInsert.countDown();
        await(() -> !identities.recorded.isEmpty());
        assertThat(identities.storedWhenRecorded.get(0)).contains("m0", "m1", "m2", "m3");
        await(() -> committedOffset() == 4);
    }

    @Test
    void aBatchCutAfterAnIdentifyThatIsNotRecordedYetGetsTheUserIdAndIsNotHeldBack() throws InterruptedException {
        start();
        poll("{\"type\":\"track\",\"anonymousId\":\"w\"}", "{\"type\":\"track\",\"anonymousId\":\"w\"}");
        poll("{\"type\":\"identify\",\"anonymousId\":\"v\",\"userId\":\"u\"}", "{\"type\":\"track\"}");
        await(() -> destination.stored.containsKey("m2"));
        // A third batch, of another table: not held back by this table's two batches in flight.
        pollPages();
        await(() -> destination.stored.containsKey("m4"));
        assertThat(identities.recorded).as("the identify waits for the first batch").isEmpty();
        assertThat(destination.stored.get("m4").stitchedUserId()).isEqualTo("u");
        assertThat(destination.stored.get("m5").stitchedUserId()).isEqualTo("u");

        // Having no identifies, it was done once its rows were in: more batches of its table than
        // it may write at once follow while the first batch of the other table is still held back.
        pollPages();
        await(() -> destination.stored.containsKey("m6"));
        pollPages();
        await(() -> destination.stored.containsKey("m8"));
        assertThat(destination.stored).doesNotContainKey("m0");
    }

    /** Two anonymous events of visitor v for the table {@code pages}. */
    private void pollPages() {
        List<ConsumerRecord<String, ByteBuffer>> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long at = offset++;
            EventEnvelope envelope = new EventEnvelope("ws", "src-1", "m" + at, "track", Rows.RECEIVED, "pages", 0,
                    null, null, Rows.json("{\"type\":\"track\",\"anonymousId\":\"v\"}"));
            records.add(new ConsumerRecord<>(TOPIC, 0, at, "v", ByteBuffer.wrap(EventJson.toBytes(envelope))));
        }
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    /**
     * Keeps rows in memory, by message id; holds back the insert of the first batch (the one with
     * message m0) until {@link #firstInsert} opens. By its rows, not by the order of the calls:
     * two batches in flight may reach the destination in either order.
     */
    private static final class HeldBackDestination implements Destination {
        final CountDownLatch firstInsert = new CountDownLatch(1);
        final Map<String, Row> stored = new ConcurrentHashMap<>();
        private final Map<String, Map<String, Column>> tables = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public TypeMapping types() {
            return new TypeMapping() {
                @Override
                public String columnType(FieldType type) {
                    return type.name();
                }

                @Override
                public String requiredColumnType(FieldType type) {
                    return type.name();
                }

                @Override
                public Optional<FieldType> kindOf(String sqlType) {
                    return Optional.of(FieldType.valueOf(sqlType));
                }
            };
        }

        @Override
        public Optional<TableSchema> describe(String table) {
            Map<String, Column> columns = tables.get(table);
            return columns == null ? Optional.empty() : Optional.of(new TableSchema(table, columns));
        }

        @Override
        public void createTable(String table) {
            Map<String, Column> columns = new LinkedHashMap<>();
            BaseColumns.ALL.forEach((name, type) -> columns.put(name, types().column(name, type.name())));
            tables.putIfAbsent(table, new ConcurrentHashMap<>(columns));
        }

        @Override
        public void addColumn(String table, String column, FieldType type) {
            tables.get(table).putIfAbsent(column, types().column(column, type.name()));
        }

        @Override
        public void write(TableSchema schema, List<Row> rows) {
            if (rows.stream().anyMatch(row -> row.messageId().equals("m0"))) {
                try {
                    firstInsert.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DestinationException("interrupted", true, e);
                }
            }
            rows.forEach(row -> stored.put(row.messageId(), row));
        }

        @Override
        public void stitch(String workspaceId, List<Identity> identities) {
        }

        @Override
        public void close() {
        }
    }

    /** The identities table in memory; notes which rows were stored when each record happened. */
    private final class InMemoryIdentities extends IdentityRepo {
        final List<Identity> recorded = new CopyOnWriteArrayList<>();
        final List<List<String>> storedWhenRecorded = new CopyOnWriteArrayList<>();

        InMemoryIdentities() {
            super(null);
        }

        @Override
        public void record(Collection<Identity> identified) {
            storedWhenRecorded.add(new ArrayList<>(destination.stored.keySet()));
            recorded.addAll(identified);
        }

        @Override
        public Map<String, String> userIds(String workspaceId, Collection<String> anonymousIds) {
            Map<String, String> found = new HashMap<>();
            for (Identity identity : recorded) {
                if (identity.workspaceId().equals(workspaceId) && anonymousIds.contains(identity.anonymousId())) {
                    found.put(identity.anonymousId(), identity.userId());
                }
            }
            return found;
        }
    }
}
