package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void hotSpotThreadsAreTheGcOrTheJit() {
        assertThat(ThreadCpu.vmKind("C2 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.vmKind("C1 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.vmKind("GC Thread#1")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.vmKind("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.vmKind("VM Thread")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.vmKind("bulker-clickhou")).isNull();
        assertThat(ThreadCpu.vmKind("VM Periodic Tas")).isNull();
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
