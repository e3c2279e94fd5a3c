package io.cdp.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This JVM's CPU time by kind of thread, from the names the bulker gives its threads: its
 * consumer loop ({@code bulker-<destination>}), readers, writers and stitch worker, Kafka's
 * client threads, and the rest. What no Java thread accounts for (the garbage collector, the JIT
 * compilers) is the process's CPU time minus theirs, so {@link CpuMeter} supplies that part.
 */
final class ThreadCpu {
    static final String LOOP = "consumer loop";
    static final String READERS = "readers";
    static final String WRITERS = "writers";
    static final String STITCH = "stitch worker";
    static final String KAFKA = "Kafka clients";
    static final String OTHER = "other Java threads";

    private ThreadCpu() {
    }

    /** CPU nanoseconds used so far by the live threads, summed per kind (empty where the JVM does not measure it). */
    static Map<String, Long> read() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byKind = new LinkedHashMap<>();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return byKind;
        }
        for (String kind : new String[] {LOOP, READERS, WRITERS, STITCH, KAFKA, OTHER}) {
            byKind.put(kind, 0L);
        }
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended since the ids were taken
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                byKind.merge(kind(info.getThreadName()), nanos, Long::sum);
            }
        }
        return byKind;
    }

    /** Cores per kind between two readings {@code seconds} apart; threads that ended in between are not counted. */
    static Map<String, Double> cores(Map<String, Long> from, Map<String, Long> to, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        to.forEach((kind, nanos) -> cores.put(kind, Math.max(0, nanos - from.getOrDefault(kind, 0L)) / 1e9 / seconds));
        return cores;
    }

    static String kind(String threadName) {
        if (threadName.startsWith("kafka-")) {
            return KAFKA;
        }
        if (!threadName.startsWith("bulker-")) {
            return OTHER;
        }
        if (threadName.equals("bulker-stitch")) {
            return STITCH;
        }
        if (threadName.contains("-reader-")) {
            return READERS;
        }
        return threadName.contains("-writer-") ? WRITERS : LOOP;
    }
}
