package io.cdp.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the cores went during a benchmark phase: this JVM's CPU time (in {@code cdp bench
 * bulker}, the bulker's own), split by kind of thread ({@link ThreadCpu}), and, on Linux, the
 * whole machine's busy time from {@code /proc/stat}, and named processes' (ClickHouse's and
 * Kafka's, when they run on this machine) from {@code /proc/<pid>/stat}. A throughput ratio
 * alone cannot say whether the bulker was slow or starved; this can.
 */
final class CpuMeter {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /**
     * A point in time: wall clock, this process's CPU time, its live threads' CPU time per kind,
     * the machine's busy and total jiffies (-1 when unknown), and the named processes' CPU time
     * (those that could be read).
     */
    record Reading(long wallNanos, long processCpuNanos, Map<String, Long> threadNanos, long machineBusy,
                   long machineTotal, Map<String, Long> serviceNanos) {
    }

    /**
     * Cores kept busy between two readings: by this JVM, by its threads per kind (empty where not
     * measured), and by the whole machine (NaN when unknown).
     */
    record Usage(double seconds, double processCores, Map<String, Double> threadCores, double machineCores,
                 int cpus, Map<String, Double> serviceCores) {
        /** Cores busy outside this JVM (NaN when the machine's figure is unknown). */
        double otherCores() {
            return machineCores - processCores;
        }

        /**
         * This JVM's cores that no thread of {@link ThreadCpu} accounts for: off Linux, the garbage
         * collector and the JIT compilers; on Linux, the JVM's smaller threads and what threads
         * that ended in the interval used.
         */
        double vmCores() {
            return processCores - threadCores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** This JVM's CPU time per item handled in the interval, in microseconds. */
        double processMicrosPer(long items) {
            return processCores * seconds * 1e6 / items;
        }

        /** The CPU time outside this JVM per item handled in the interval, in microseconds (NaN when unknown). */
        double otherMicrosPer(long items) {
            return otherCores() * seconds * 1e6 / items;
        }

        /** Cores busy outside this JVM and the named processes (NaN when the machine's figure is unknown). */
        double unnamedCores() {
            return otherCores() - serviceCores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The named process's CPU time per item handled in the interval, in microseconds (NaN when not measured). */
        double serviceMicrosPer(String service, long items) {
            Double cores = serviceCores.get(service);
            return cores == null ? Double.NaN : cores * seconds * 1e6 / items;
        }
    }

    private CpuMeter() {
    }

    static Reading read() {
        return read(Map.of());
    }

    /** A reading that also takes the CPU time of {@code services} (name to pid). */
    static Reading read(Map<String, Long> services) {
        Map<String, Long> serviceNanos = new LinkedHashMap<>();
        services.forEach((name, pid) -> {
            long nanos = processNanos(pid);
            if (nanos >= 0) {
                serviceNanos.put(name, nanos);
            }
        });
        long process = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            process = os.getProcessCpuTime();
        }
        long busy = -1;
        long total = -1;
        try {
            // "cpu  user nice system idle iowait irq softirq steal ...": busy is user, nice, system,
            // irq and softirq; idle, iowait and steal (a virtual machine's host running others) are not.
            String[] fields = procStat().get(0).trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                sum += Long.parseLong(fields[i]);
            }
            long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            busy = sum - Long.parseLong(fields[4]) - Long.parseLong(fields[5]) - steal;
            total = sum;
        } catch (IOException | RuntimeException notLinux) {
            // The machine's share stays unknown; this JVM's is still measured.
        }
        return new Reading(System.nanoTime(), process, ThreadCpu.read(), busy, total, serviceNanos);
    }

    /** User and system CPU time of {@code pid}, its threads included, or -1 when it cannot be read. */
    static long processNanos(long pid) {
        try {
            return ThreadCpu.cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    * ThreadCpu.NANOS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** The cores the machine has: {@code /proc/stat}'s per-CPU lines, or the JVM's count elsewhere. */
    static int cpus() {
        try {
            long lines = procStat().stream().filter(line -> line.matches("cpu\\d+ .*")).count();
            return lines > 0 ? (int) lines : Runtime.getRuntime().availableProcessors();
        } catch (IOException notLinux) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static List<String> procStat() throws IOException {
        return Files.readAllLines(PROC_STAT);
    }

    static Usage between(Reading from, Reading to) {
        int cpus = cpus();
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double process = from.processCpuNanos() < 0 ? Double.NaN
                : (to.processCpuNanos() - from.processCpuNanos()) / 1e9 / seconds;
        double machine = from.machineTotal() < 0 || to.machineTotal() <= from.machineTotal() ? Double.NaN
                : (double) (to.machineBusy() - from.machineBusy()) / (to.machineTotal() - from.machineTotal()) * cpus;
        Map<String, Double> services = new LinkedHashMap<>();
        from.serviceNanos().forEach((name, nanos) -> {
            Long later = to.serviceNanos().get(name);
            if (later != null) {
                services.put(name, (later - nanos) / 1e9 / seconds);
            }
        });
        return new Usage(seconds, process, ThreadCpu.cores(from.threadNanos(), to.threadNanos(), seconds), machine,
                cpus, services);
    }
}
