package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bulker's threads sorted by the names it gives them, and CPU spent in one showing up in its kind. */
class ThreadCpuTest {
    @Test
    void threadNamesMapToTheBulkersParts() {
        assertThat(ThreadCpu.kind("bulker-clickhouse")).isEqualTo(ThreadCpu.LOOP);
        assertThat(ThreadCpu.kind("bulker-clickhouse-reader-1")).isEqualTo(ThreadCpu.READERS);
        assertThat(ThreadCpu.kind("bulker-postgres-writer-3")).isEqualTo(ThreadCpu.WRITERS);
        assertThat(ThreadCpu.kind("bulker-stitch")).isEqualTo(ThreadCpu.STITCH);
        assertThat(ThreadCpu.kind("kafka-producer-network-thread | cdp-bulker-dlq")).isEqualTo(ThreadCpu.KAFKA);
        assertThat(ThreadCpu.kind("main")).isEqualTo(ThreadCpu.OTHER);
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
