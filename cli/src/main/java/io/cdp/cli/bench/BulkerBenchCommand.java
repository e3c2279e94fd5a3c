package io.cdp.cli.bench;

import io.cdp.cli.command.OptionChecks;
import io.cdp.server.CdpConfiguration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp bench bulker}: the bulker's end-to-end throughput against raw inserts, and its latency. */
@Command(
        name = "bulker",
        header = "Measure the bulker's throughput against raw JSONEachRow inserts, and send-to-queryable latency.",
        description = {
                "In one run on the configured Kafka, ClickHouse and PostgreSQL (scratch database and topics"
                        + " cdp_bench_*, dropped at the end), after warming the bulker up in rounds until the JIT is"
                        + " nearly idle (at most five rounds of --events events), each timed phase starting on a quiet"
                        + " machine:",
                "raw: the same rows, as pre-built JSONEachRow bodies of bulker.batchRows rows, inserted into a copy of"
                        + " the events table by as many concurrent streams as the bulker writes batches of a table at"
                        + " once (bulker.batchesPerTable), once before the bulker and once after it (the ratio uses"
                        + " their mean: the machine's speed drifts), with no merges running before it (its merges run"
                        + " during it, as in production, unless --pause-merges);",
                "bulker: the events put on Kafka first, then read, flattened, checked and written by a real bulker,"
                        + " timed (by its stored-rows meter) once it has stored half as many untimed (its start: empty"
                        + " caches, code compiled again) until it has stored as many more as the raw phase's (one more"
                        + " batch of events follows, so the time ends on a full batch, not on a last partial"
                        + " batch, which would wait bulker.batchInterval for events that never come);",
                "latency: events sent at a steady rate while the bulker runs, each timed from the producer until a"
                        + " query (every 100 ms) first sees it.",
                "Targets: bulker/raw >= 0.8, p99 latency < 5 s. Batching follows cdp.yml (CDP_BULKER_* variables).",
                "It ends with the cores busy in each phase (the whole machine, this JVM, ClickHouse and Kafka when"
                        + " they run on this machine, the rest), CPU time per row (the bulker JVM's and Kafka's in"
                        + " the bulker phase, ClickHouse's in the raw phases), so a low ratio shows whether the bulker"
                        + " was slow or starved of CPU; and the bulker JVM's cores by thread, its GC and JIT compilers"
                        + " included (when the JIT was still busy there, at 0.2 cores or more, it says so: the figures"
                        + " are then low).",
                "ClickHouse, when it runs on this machine, gets cores of its own for the whole run (half of them by"
                        + " default), and this JVM and a local Kafka the others, as with separate machines in a"
                        + " deployment: on shared cores every microsecond the bulker spends is taken from ClickHouse,"
                        + " which has the machine to itself in the raw phases, and the ratio then reaches 0.8 only if"
                        + " the bulker's CPU per row is below about 0.85 of ClickHouse's. --clickhouse-cores 0 shares.",
                "ClickHouse's speed depends on its disk: on ext4 without a journal, creating a part's files slows"
                        + " down after files were deleted, unevenly, and more for the raw phase's many inserts than for"
                        + " the bulker's fewer, larger ones. For a fair ratio on such a machine, put the services' data"
                        + " on tmpfs (see the example)."},
        footer = {"  ./cdp bench bulker",
                "  export CDP_DATA_DIR=/dev/shm/cdp && ./cdp dev up && ./cdp bench bulker",
                "  ./cdp bench bulker --events 500000 --latency-events 50000 --latency-rate 10000",
                "  ./cdp bench bulker --clickhouse-cores 0",
                "  ./cdp bench bulker --pause-merges",
                "  CDP_BULKER_BATCH_INTERVAL=250ms ./cdp bench bulker"})
public class BulkerBenchCommand extends BenchmarkCommand<BulkerBenchmark.Result> {
    static final Target RATIO = Target.ratioAtLeast(0.8);
    /**
     * JIT cores in the bulker phase above which its result is called unsettled: 0.03-0.10 after
     * the warm-up in most runs, 0.28-0.49 in about one run in five.
     */
    private static final double BUSY_JIT_CORES = 0.2;

    int events;
    int latencyEvents;
    int latencyRate;
    Integer clickHouseCores;

    @Option(names = "--events", defaultValue = "200000",
            description = "Events for the throughput runs, at least 1000 (default: ${DEFAULT-VALUE}).")
    void events(int value) {
        events = OptionChecks.atLeast(spec, "--events", value, 1000);
    }

    @Option(names = "--latency-events", defaultValue = "20000",
            description = "Events for the latency run, at least 100 (default: ${DEFAULT-VALUE}).")
    void latencyEvents(int value) {
        latencyEvents = OptionChecks.atLeast(spec, "--latency-events", value, 100);
    }

    @Option(names = "--latency-rate", defaultValue = "5000",
            description = "Events per second sent during the latency run (default: ${DEFAULT-VALUE}).")
    void latencyRate(int value) {
        latencyRate = OptionChecks.atLeast(spec, "--latency-rate", value, 1);
    }

    @Option(names = "--timeout", defaultValue = "PT5M", converter = DurationConverter.class,
            description = "Longest wait for any phase, ISO-8601 (default: 5 minutes).")
    Duration timeout;

    @Option(names = "--clickhouse-cores", paramLabel = "N",
            description = "Cores given to a local ClickHouse alone, the others to the bulker and Kafka;"
                    + " 0 shares every core (default: half of the cores, rounded down, at least 1).")
    void clickHouseCores(int value) {
        clickHouseCores = OptionChecks.atLeast(spec, "--clickhouse-cores", value, 0);
    }

    @Option(names = "--pause-merges", description = "Pause ClickHouse's merges of the table a phase writes while it is"
            + " timed (SYSTEM STOP MERGES), to time inserts alone; merges run in between (default: they run"
            + " throughout, as in production).")
    boolean pauseMerges;

    /**
     * Where the cores went in each phase: a ratio alone cannot tell a slow bulker from a starved
     * one. ClickHouse and Kafka get columns of their own when they run on this machine; the rest
     * is everything else. Unless ClickHouse has cores of its own ({@link CoreSplit}), the bulker,
     * Kafka and ClickHouse share the cores, while the raw phase leaves them to ClickHouse alone.
     */
    private static void printCpu(PrintWriter out, BulkerBenchmark.Result result) {
        List<String> services = List.copyOf(result.bulker().cpu().serviceCores().keySet());
        StringBuilder header = new StringBuilder(String.format("%ncores busy (of %d)        machine   this JVM",
                result.bulker().cpu().cpus()));
        services.forEach(service -> header.append(String.format(" %11s", service)));
        header.append(services.isEmpty() ? "   the rest (ClickHouse, Kafka, ...)" : "    the rest");
        out.println(header);
        printCpu(out, "raw, before the bulker", result.rawBefore(), services, clickHousePerRow(result.rawBefore()));
        CpuMeter.Usage bulker = result.bulker().cpu();
        double kafkaPerRow = bulker.serviceMicrosPer("Kafka", result.bulker().rows());
        printCpu(out, "bulker", result.bulker(), services, String.format("   bulker JVM: %.1f us of CPU per row%s",
                bulker.processMicrosPer(result.bulker().rows()),
                Double.isNaN(kafkaPerRow) ? "" : String.format(", Kafka %.1f", kafkaPerRow)));
        printCpu(out, "raw, after the bulker", result.rawAfter(), services, clickHousePerRow(result.rawAfter()));
        if (!bulker.threadCores().isEmpty()) {
            StringBuilder threads = new StringBuilder("bulker JVM by thread:");
            bulker.threadCores().forEach((kind, cores) -> threads.append(String.format(" %s %.2f,", kind, cores)));
            out.printf("  %s rest of the JVM %.2f cores%n", threads, bulker.vmCores());
            Double jit = bulker.threadCores().get(ThreadCpu.JIT);
            if (jit != null && jit >= BUSY_JIT_CORES) {
                out.printf("  The JIT compilers were busy %.2f cores in the bulker phase: code was still being compiled,"
                        + " so the bulker's figures are low. Run the benchmark again.%n", jit);
            }
        }
    }

    /**
     * What ClickHouse spent per row of a raw phase (when it is not a process of this machine,
     * what everything outside this JVM spent): next to the bulker's own figure, it shows how the
     * cores are shared. On shared cores the ratio can reach 0.8 only when the bulker spends less
     * per row than about 0.85 of this.
     */
    private static String clickHousePerRow(BulkerBenchmark.Phase raw) {
        double clickHouse = raw.cpu().serviceMicrosPer("ClickHouse", raw.rows());
        return Double.isNaN(clickHouse)
                ? String.format("   the rest: %.1f us of CPU per row", raw.cpu().otherMicrosPer(raw.rows()))
                : String.format("   ClickHouse: %.1f us of CPU per row", clickHouse);
    }

    private static void printCpu(PrintWriter out, String phase, BulkerBenchmark.Phase measured, List<String> services,
                                 String note) {
        CpuMeter.Usage cpu = measured.cpu();
        StringBuilder line = new StringBuilder(String.format("  %-22s %8.2f %10.2f", phase, cpu.machineCores(),
                cpu.processCores()));
        services.forEach(service -> line.append(String.format(" %11.2f", cpu.serviceCores().getOrDefault(service,
                Double.NaN))));
        line.append(String.format(services.isEmpty() ? " %10.2f" : " %11.2f", services.isEmpty() ? cpu.otherCores()
                : cpu.unnamedCores()));
        out.println(line.append(note));
    }

    /** Reads ISO-8601 durations such as PT2M. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Duration.parse(value);
        }
    }

    @Override
    BulkerBenchmark.Result measure(CdpConfiguration configuration, PrintWriter progress) throws Exception {
        return new BulkerBenchmark(configuration, new BulkerBenchmark.Settings(events, latencyEvents, latencyRate,
                timeout, clickHouseCores, pauseMerges), progress).run();
    }

    @Override
    void print(BulkerBenchmark.Result result, PrintWriter out) {
        out.printf("%nClickHouse %s, batches of %d rows or %s, %d of a table at once, %d events%n",
                result.clickHouseVersion(), result.batchRows(), result.batchInterval(), result.batchesPerTable(),
                result.events());
        out.printf("cores: %s%n", result.cores());
        out.printf("merges: %s%n", result.merges());
        out.printf("raw JSONEachRow insert   %,12.0f rows/s   (before the bulker %,.0f, after %,.0f)%n",
                result.rawRowsPerSecond(), result.rawBefore().rowsPerSecond(), result.rawAfter().rowsPerSecond());
        out.printf("bulker from Kafka        %,12.0f rows/s%n", result.bulkerRowsPerSecond());
        out.printf("ratio bulker/raw         %12.2f   %s%n", result.ratio(), RATIO.verdict(result.ratio()));
        out.printf("send -> queryable, %d events at %d/s: p50 %d ms, p99 %d ms, max %d ms   %s%n",
                result.latencyEvents(), latencyRate, result.p50Millis(), result.p99Millis(), result.maxMillis(),
                Target.P99_MILLIS.verdict(result.p99Millis()));
        printCpu(out, result);
    }
}
