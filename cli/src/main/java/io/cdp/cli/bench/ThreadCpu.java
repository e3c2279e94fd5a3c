package io.cdp.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This JVM's CPU time by kind of thread, from the names the bulker gives its threads: its
 * consumer loop ({@code bulker-<destination>}), readers, writers and stitch worker, Kafka's
 * client threads, and the rest. On Linux also the JVM's own threads, which have no Java thread
 * object: the garbage collector's and the JIT compilers', from {@code /proc/self/task}. Whatever
 * none of these accounts for is the process's CPU time minus theirs, which {@link CpuMeter}
 * supplies.
 */
final class ThreadCpu {
    static final String LOOP = "consumer loop";
    static final String READERS = "readers";
    static final String WRITERS = "writers";
    static final String STITCH = "stitch worker";
    static final String KAFKA = "Kafka clients";
    static final String OTHER = "other Java threads";
    /** G1's workers, markers and refinement threads, and the VM thread that runs its pauses' safepoints. */
    static final String GC = "GC";
    static final String JIT = "JIT compilers";

    private static final Path TASKS = Path.of("/proc/self/task");
    /** The kernel's clock ticks per second in {@code /proc}: USER_HZ, 100 on Linux. */
    static final long NANOS_PER_TICK = 10_000_000L;

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
        addVmThreads(byKind);
        return byKind;
    }

    /** Adds the GC's and the JIT's threads, on Linux; elsewhere they stay in the unaccounted rest. */
    private static void addVmThreads(Map<String, Long> byKind) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        byKind.put(GC, 0L);
        byKind.put(JIT, 0L);
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String kind = vmKind(Files.readString(task.resolve("comm")).strip());
                    if (kind != null) {
                        byKind.merge(kind, cpuTicks(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK,
                                Long::sum);
                    }
                } catch (IOException | RuntimeException ended) {
                    // The thread ended between listing and reading: it is no longer counted at either end.
                }
            });
        } catch (IOException unreadable) {
            byKind.remove(GC);
            byKind.remove(JIT);
        }
    }

    /** The kind of a HotSpot thread by its kernel name (15 characters at most), or null for any other thread. */
    static String vmKind(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") || comm.startsWith("JVMCI")) {
            return JIT;
        }
        return comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread") ? GC : null;
    }

    /**
     * User and system ticks from a {@code /proc/<pid>/task/<tid>/stat} line, or a whole process's
     * {@code /proc/<pid>/stat} (fields 14 and 15, after the name).
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
