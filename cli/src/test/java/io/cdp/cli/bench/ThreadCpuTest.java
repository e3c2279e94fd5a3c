package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bulker's threads sorted by the names it gives them, and CPU spent in one showing up in its kind. */
class ThreadCpuTest {
    /** The kinds by the names of their constants, for the tables below. */
    private static final Map<String, String> KINDS = Map.of("LOOP", ThreadCpu.LOOP, "READERS", ThreadCpu.READERS,
            "WRITERS", ThreadCpu.WRITERS, "STITCH", ThreadCpu.STITCH, "KAFKA", ThreadCpu.KAFKA, "OTHER", ThreadCpu.OTHER,
            "GC", ThreadCpu.GC, "JIT", ThreadCpu.JIT);

    private static String kind(String constant) {
        return Objects.requireNonNull(KINDS.get(constant), () -> "no kind " + constant);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "bulker-clickhouse,                               LOOP",
            "bulker-clickhouse-reader-1,                      READERS",
            "bulker-postgres-writer-3,                        WRITERS",
            "bulker-stitch,                                   STITCH",
            "kafka-producer-network-thread | cdp-bulker-dlq,  KAFKA",
            "main,                                            OTHER"})
    void threadNamesMapToTheBulkersParts(String threadName, String kind) {
        assertThat(ThreadCpu.kind(threadName)).isEqualTo(kind(kind));
    }

    /** HotSpot's own threads by their 15-character names in /proc; none for the bulker's or a periodic task. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "C2 CompilerThre | JIT",
            "C1 CompilerThre | JIT",
            "GC Thread#1     | GC",
            "G1 Conc#0       | GC",
            "VM Thread       | GC",
            "bulker-clickhou | none",
            "VM Periodic Tas | none"})
    void hotSpotThreadsAreTheGcOrTheJit(String threadName, String kind) {
        assertThat(ThreadCpu.vmKind(threadName)).isEqualTo(kind == null ? null : kind(kind));
    }

    @Test
    void cpuTicksAreUserPlusSystemTimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "4242 (C2 (Compiler)) S 1 4200 4200 0 -1 4194368 120 0 0 0 1234 56 0 0 20 0 40 0 777 0 0";

        assertThat(ThreadCpu.cpuTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void onLinuxTheGcAndJitThreadsAreRead() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        System.gc(); // the GC's threads then certainly have used some CPU

        Map<String, Long> byKind = ThreadCpu.read();

        assertThat(byKind).containsKeys(ThreadCpu.GC, ThreadCpu.JIT);
        assertThat(byKind.get(ThreadCpu.GC) + byKind.get(ThreadCpu.JIT)).isPositive();
    }

    @Test
    void cpuSpentOnAReaderThreadCountsForTheReaders() throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> before = ThreadCpu.read();
        long[] spin = {0};
        Thread reader = new Thread(() -> {
            long start = mx.getCurrentThreadCpuTime();
            while (mx.getCurrentThreadCpuTime() - start < 200_000_000L) {
                spin[0] += Long.numberOfTrailingZeros(spin[0] + System.nanoTime());
            }
            try {
                Thread.sleep(Long.MAX_VALUE); // stays alive so the second reading still sees it
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "bulker-test-reader-1");
        reader.start();
        while (mx.getThreadCpuTime(reader.getId()) < 200_000_000L) {
            Thread.sleep(10);
        }
        Map<String, Double> cores = ThreadCpu.cores(before, ThreadCpu.read(), 1.0);
        reader.interrupt();
        reader.join();

        assertThat(spin[0]).isPositive();
        assertThat(cores.get(ThreadCpu.READERS)).isGreaterThanOrEqualTo(0.19);
        assertThat(cores).containsKeys(ThreadCpu.LOOP, ThreadCpu.WRITERS, ThreadCpu.KAFKA, ThreadCpu.OTHER);
    }
}
