package io.cdp.server.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static OutboundRecord record(int i) {
        return new OutboundRecord("events.ingest", i % 2 == 0 ? "key-" + i : null,
                ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), "m-" + i);
    }

    private static List<OutboundRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(SpoolTest::record).toList();
    }

    private static List<String> ids(List<Spool.Entry> entries) {
        return entries.stream().map(entry -> entry.record().messageId()).toList();
    }

    /** A spool in the test's folder (64 KiB segments) holding the records m-0 … m-(count-1). */
    private Spool spoolWith(int count) throws Exception {
        Spool spool = Spool.open(dir, 1 << 20, 1 << 16);
        spool.append(records(0, count)).get(5, TimeUnit.SECONDS);
        return spool;
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".spool")).count();
        }
    }

    @Test
    void recordsComeBackInOrderWithTheirTopicKeyAndValueAndGoOnceAcknowledged() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, 512)) {
            for (int i = 0; i < 20; i += 2) {
                spool.append(records(i, i + 2)).get(5, TimeUnit.SECONDS);
            }
            List<Spool.Entry> taken = spool.takeUnsent(100);

            assertThat(ids(taken)).isEqualTo(IntStream.range(0, 20).mapToObj(i -> "m-" + i).toList());
            assertThat(taken.get(0).record().key()).isEqualTo("key-0");
            assertThat(taken.get(1).record().key()).isNull();
            assertThat(new String(taken.get(3).record().value(), StandardCharsets.UTF_8)).isEqualTo("{\"i\":3}");
            assertThat(spool.takeUnsent(100)).as("in flight: not taken twice").isEmpty();
            assertThat(segmentFiles()).as("512-byte segments").isGreaterThan(1);

            spool.append(records(20, 21)).get(5, TimeUnit.SECONDS); // a new active segment
            taken.forEach(entry -> spool.acknowledge(entry.ref()));
            assertThat(spool.unacknowledged()).isEqualTo(1);
            assertThat(segmentFiles()).as("only the active segment is left").isEqualTo(1);
        }
    }

    @Test
    void anIdleSegmentWhoseRecordsKafkaAllHasIsDeletedSoARestartSendsNothingAgain() throws Exception {
        try (Spool spool = spoolWith(3)) {
            spool.takeUnsent(10).forEach(entry -> spool.acknowledge(entry.ref()));
            for (int tries = 0; segmentFiles() > 0 && tries < 100; tries++) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(segmentFiles()).isZero();

            spool.append(records(3, 4)).get(5, TimeUnit.SECONDS);
            assertThat(ids(spool.takeUnsent(10))).containsExactly("m-3");
        }
        try (Spool reopened = Spool.open(dir, 1 << 20, 1 << 16)) {
            assertThat(ids(reopened.takeUnsent(10))).containsExactly("m-3");
        }
    }

    @Test
    void aReleasedRecordIsTakenAgainAfterARewind() throws Exception {
        try (Spool spool = spoolWith(3)) {
            List<Spool.Entry> taken = spool.takeUnsent(10);
            spool.acknowledge(taken.get(0).ref());
            spool.release(taken.get(1).ref());

            assertThat(spool.takeUnsent(10)).isEmpty();
            spool.rewind();
            assertThat(ids(spool.takeUnsent(10))).containsExactly("m-1");
        }
    }

    @Test
    void whatWasNotAcknowledgedIsThereAfterARestartAndATornTailIsCutOff() throws Exception {
        try (Spool spool = spoolWith(5)) {
            List<Spool.Entry> taken = spool.takeUnsent(2);
            taken.forEach(entry -> spool.acknowledge(entry.ref()));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(file -> file.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 90, 1, 2, 3})); // a write a crash cut short
        }

        try (Spool reopened = Spool.open(dir, 1 << 20, 1 << 16)) {
            // Acknowledgements are not written down: a restart sends those again (Kafka and the
            // destinations keep one per message id), and never loses one.
            assertThat(ids(reopened.takeUnsent(100))).containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
            reopened.append(records(5, 6)).get(5, TimeUnit.SECONDS);
            assertThat(ids(reopened.takeUnsent(100))).containsExactly("m-5");
        }
    }

    @Test
    void anAppendThatDoesNotFitIsRefusedWholeAndNothingOfItIsKept() throws Exception {
        try (Spool spool = Spool.open(dir, 400, 4096)) {
            spool.append(records(0, 5)).get(5, TimeUnit.SECONDS);
            CompletableFuture<List<Spool.Ref>> tooMuch = spool.append(records(5, 30));

            assertThatThrownBy(tooMuch::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SpoolFullException.class);
            assertThat(spool.unacknowledged()).isEqualTo(5);
        }
    }

    @Test
    void manyWritersShareFsyncsAndLoseNothing() throws Exception {
        try (Spool spool = Spool.open(dir, 64 << 20, 1 << 20)) {
            List<CompletableFuture<List<Spool.Ref>>> appends = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int base = writer * 1000;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 1000; i += 10) {
                        CompletableFuture<List<Spool.Ref>> append = spool.append(records(base + i, base + i + 10));
                        synchronized (appends) {
                            appends.add(append);
                        }
                        append.join();
                    }
                });
                writers.add(thread);
                thread.start();
            }
            for (Thread thread : writers) {
                thread.join();
            }
            List<String> all = new ArrayList<>();
            for (List<Spool.Entry> taken = spool.takeUnsent(1000); !taken.isEmpty(); taken = spool.takeUnsent(1000)) {
                all.addAll(ids(taken));
            }
            assertThat(all).hasSize(8000).doesNotHaveDuplicates();
        }
    }

    @Test
    void aFolderServesOneSpoolAtATime() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20, 4096)) {
            assertThatThrownBy(() -> Spool.open(dir, 1 << 20, 4096)).hasMessageContaining("in use");
        }
    }
}
