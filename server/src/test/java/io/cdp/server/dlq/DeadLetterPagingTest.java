package io.cdp.server.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.config.KafkaConfig;
import io.cdp.server.error.AppError;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter topic larger than the old 20,000-letters-per-partition window, on the real broker:
 * the oldest letter of partition 0 has 20,049 newer ones above it in the same partition.
 */
class DeadLetterPagingTest {
    private static final String SUFFIX = TestServices.uniqueName("dlqpaging");
    private static final int ON_PARTITION_ZERO = 20_050;
    private static final int ON_EACH_OTHER_PARTITION = 30;
    private static final int TOTAL = ON_PARTITION_ZERO + 2 * ON_EACH_OTHER_PARTITION;
    /** The oldest letter's time; every other letter is at least ten minutes younger. */
    private static final Instant OLDEST = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant YOUNGER = OLDEST.plus(10, ChronoUnit.MINUTES);

    private static KafkaConfig kafka;
    private static Producer<String, byte[]> producer;
    private static DeadLetterService service;
    private static IngestChecksForTests checks;

    @BeforeAll
    static void writeMoreLettersThanTheOldWindow() {
        kafka = TestServices.kafkaConfig(SUFFIX);
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "dlq-paging-test"));
        checks = new IngestChecksForTests("ws-p");
        service = new DeadLetterService(new DeadLetterRepo(kafka), producer, kafka.topics().retry(),
                kafka.topics().ingest(), checks.replay);

        send(0, letter("m-oldest", DeadLetter.Stage.INGEST, OLDEST));
        for (int i = 1; i < ON_PARTITION_ZERO; i++) {
            send(0, letter("m-0-" + i, DeadLetter.Stage.INGEST, YOUNGER.plusMillis(i)));
        }
        for (int partition = 1; partition <= 2; partition++) {
            for (int i = 0; i < ON_EACH_OTHER_PARTITION; i++) {
                // Interleaved in time with partition 0's letters, so pages mix partitions.
                send(partition, letter("m-" + partition + "-" + i, DeadLetter.Stage.ROTOR,
                        YOUNGER.plusMillis(i * 700L + partition)));
            }
        }
        producer.flush();
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        checks.drop();
    }

    private static DeadLetter letter(String messageId, DeadLetter.Stage stage, Instant failedAt) {
        var raw = EventJson.MAPPER.createObjectNode().put("type", "track").put("event", "E").put("messageId", messageId)
                .put("anonymousId", "anon-" + messageId);
        return new DeadLetter(stage, DeadLetter.Reasons.SCHEMA_CONFLICT, "f", "e", null, null, "ws-p", "src-p",
                messageId, failedAt, 0, raw);
    }

    /** With the record's timestamp set to the letter's time, as the producer does when it fails. */
    private static void send(int partition, DeadLetter letter) {
        producer.send(new ProducerRecord<>(kafka.topics().dlq(), partition, letter.failedAt().toEpochMilli(),
                letter.messageId(), EventJson.toBytes(letter)));
    }

    @Test
    void pagingWithTheCursorSeesEveryLetterExactlyOnceNewestFirst() {
        DeadLetterFilter filter = new DeadLetterFilter(null, null, null, 5_000);
        Set<String> ids = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            DeadLetterPage page = service.page(filter, cursor);
            assertThat(page.letters().size()).isLessThanOrEqualTo(5_000);
            for (DeadLetterEntry entry : page.letters()) {
                assertThat(ids.add(entry.id())).as("letter %s seen twice", entry.id()).isTrue();
                times.add(entry.letter().failedAt());
            }
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(ids).hasSize(TOTAL).contains("0-0");
        assertThat(pages).isEqualTo(TOTAL / 5_000 + 1);
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(times.get(times.size() - 1)).isEqualTo(OLDEST);
    }

    @Test
    void aLetterOlderThanTwentyThousandNewerOnesIsListedAndReplayedByTime() {
        DeadLetterFilter oldest = new DeadLetterFilter(null, null, null, OLDEST.minusSeconds(1), YOUNGER, 100);
        DeadLetterPage page = service.page(oldest, null);
        assertThat(page.letters()).extracting(entry -> entry.letter().messageId()).containsExactly("m-oldest");
        assertThat(page.letters().get(0).id()).isEqualTo("0-0");
        assertThat(page.next()).isNull();

        ReplayResult replay = service.replayMatching(oldest, null);
        assertThat(replay.replayed()).isEqualTo(1);
        assertThat(replay.next()).isNull();
        assertThat(readTopic(kafka.topics().ingest())).as("an ingest letter, through ingest's checks").contains("m-oldest");
    }

    @Test
    void filtersAndTimeRangesHoldAcrossPages() {
        DeadLetterFilter rotor = new DeadLetterFilter(null, "rotor", null, 7);
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            DeadLetterPage page = service.page(rotor, cursor);
            page.letters().forEach(entry -> {
                assertThat(entry.letter().stage()).isEqualTo(DeadLetter.Stage.ROTOR);
                assertThat(ids.add(entry.id())).isTrue();
            });
            cursor = page.next();
        } while (cursor != null);
        assertThat(ids).hasSize(2 * ON_EACH_OTHER_PARTITION);

        // The first 100 ms after YOUNGER: partition 0's letters 1..99 and each other partition's first.
        DeadLetterFilter window = new DeadLetterFilter(null, null, null, YOUNGER, YOUNGER.plusMillis(100), 1_000);
        assertThat(service.page(window, null).letters()).hasSize(99 + 2);
    }

    @Test
    void aCursorThatIsNotOneIsAClearError() {
        assertThatThrownBy(() -> service.page(new DeadLetterFilter(null, null, null, 10), "page-two"))
                .isInstanceOf(AppError.class).hasMessageContaining("not a cursor")
                .satisfies(error -> assertThat(((AppError) error).status()).isEqualTo(400));
    }

    @Test
    void cursorsRoundTrip() {
        assertThat(DeadLetterCursor.parse("0-1234,1-99,2-5000")).hasValueSatisfying(cursor ->
                assertThat(DeadLetterCursor.format(cursor.below())).isEqualTo("0-1234,1-99,2-5000"));
        assertThat(DeadLetterCursor.parse("0-1,0-2")).as("a partition twice").isEmpty();
        assertThat(DeadLetterCursor.parse("x")).isEmpty();
        assertThat(DeadLetterCursor.format(java.util.Map.of())).isNull();
    }

    private static List<String> readTopic(String topic) {
        var properties = KafkaClients.consumer(kafka, TestServices.uniqueName("reader"), "reader");
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        EventEnvelope envelope = EventJson.envelope(record.value());
                        found.add(envelope.messageId());
                    } catch (java.io.IOException e) {
                        throw new AssertionError("not an envelope on " + topic, e);
                    }
                }
            }
        }
        return found;
    }
}
