package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CPU accounting of the benchmarks: work done in this JVM shows up as this JVM's, the
 * machine's, and this process's when named by its pid.
 */
class CpuMeterTest {
    private static final long WORK_NANOS = 300_000_000L;

    @Test
    void cpuSpentHereCountsForThisJvmAndForTheMachine() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> self = Map.of("this JVM, by pid", ProcessHandle.current().pid());
        CpuMeter.Reading before = CpuMeter.read(self);
        long start = threads.getCurrentThreadCpuTime();
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() - start < WORK_NANOS) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        CpuMeter.Usage usage = CpuMeter.between(before, CpuMeter.read(self));

        assertThat(spin).isPositive();
        assertThat(usage.processCores() * usage.seconds()).isGreaterThanOrEqualTo(0.29);
        assertThat(usage.processMicrosPer(1000)).isGreaterThanOrEqualTo(290.0);
        assertThat(usage.cpus()).isPositive();
        assumeThat(usage.machineCores()).as("the machine's share is read from /proc/stat (Linux)").isNotNaN();
        // /proc/stat counts in clock ticks (10 ms): allow a few of them.
        assertThat(usage.machineCores() * usage.seconds()).isGreaterThanOrEqualTo(0.25);
        assertThat(usage.machineCores()).isLessThanOrEqualTo(usage.cpus() + 0.01);
        // The same work seen from /proc/<pid>/stat, as ClickHouse's and Kafka's is.
        assertThat(usage.serviceMicrosPer("this JVM, by pid", 1000)).isGreaterThanOrEqualTo(250.0);
        assertThat(usage.serviceMicrosPer("not measured", 1000)).isNaN();
    }
}
