package io.cdp.cli.bench;

import io.cdp.cli.command.OptionChecks;
import io.cdp.server.CdpConfiguration;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp bench rotor}: how fast a rotor drains events without functions, against a raw Kafka copy. */
@Command(
        name = "rotor",
        header = "Measure the rotor's drain rate (no function) against a raw Kafka consumer+producer copy.",
        description = {
                "In one run on the configured Kafka and PostgreSQL (scratch topics and database cdp_bench_*, dropped at"
                        + " the end), --events typical track events are put on an ingest topic first, then:",
                "raw: a Kafka consumer and producer in this JVM, with the rotor's client settings, copy them to another"
                        + " topic, committing after each poll; once before the rotor and once after it (the ratio uses"
                        + " their mean);",
                "rotor: a real rotor process (LAUNCHER server, CDP_ROLES=rotor, the configuration's rotor section and"
                        + " CDP_ROTOR_* variables) reads them and writes its events to the processed topic. The source"
                        + " has no function: the rotor's own cost (envelope, IP policy, producing, committing).",
                "Each phase is timed from when a fifth of the records came out until all did, so the rotor's start"
                        + " and warm-up are not counted. It prints records/s, the ratio rotor/raw and the cores busy"
                        + " (machine, this JVM, the rotor process, Kafka when local). A benchmark, not a test: on a"
                        + " shared machine the figures vary; compare ratios from one run.",
                "--launcher measures another build's rotor the same way (e.g. the jars of an earlier commit)."},
        footer = {"  ./cdp bench rotor", "  ./cdp bench rotor --events 500000",
                "  CDP_ROTOR_POOL_SIZE=2 ./cdp bench rotor", "  ./cdp bench rotor --launcher /path/to/older/checkout/cdp"})
public class RotorBenchCommand extends BenchmarkCommand<RotorBenchmark.Result> {
    int events;

    @Option(names = "--events", defaultValue = "300000",
            description = "Events to drain, at least 1000 (default: ${DEFAULT-VALUE}).")
    void events(int value) {
        events = OptionChecks.atLeast(spec, "--events", value, 1000);
    }

    @Option(names = "--timeout", defaultValue = "PT5M", converter = BulkerBenchCommand.DurationConverter.class,
            description = "Longest wait for any phase, ISO-8601 (default: 5 minutes).")
    Duration timeout;

    @Option(names = "--launcher", paramLabel = "LAUNCHER",
            description = "The cdp launcher whose server runs the rotor (default: this installation's, $CDP_HOME/cdp).")
    Path launcher;

    /** The launcher whose server runs the rotor: --launcher, or this installation's. */
    private Path server() {
        return launcher != null ? launcher : Path.of(System.getenv().getOrDefault("CDP_HOME", "."), "cdp");
    }

    @Override
    String invalidOptions() {
        return Files.isExecutable(server()) ? null
                : "no cdp launcher at " + server() + ": give one with --launcher, or run through ./cdp";
    }

    @Override
    RotorBenchmark.Result measure(CdpConfiguration configuration, PrintWriter progress) throws Exception {
        return new RotorBenchmark(configuration, new RotorBenchmark.Settings(events, timeout,
                server().toAbsolutePath()), progress).run();
    }

    @Override
    void print(RotorBenchmark.Result result, PrintWriter out) {
        out.printf("%n%,d events, a fifth of them untimed per phase%n", result.events());
        out.printf("raw consumer+producer copy %,12.0f records/s   (before the rotor %,.0f, after %,.0f)%n",
                result.rawPerSecond(), result.rawBefore().recordsPerSecond(), result.rawAfter().recordsPerSecond());
        out.printf("rotor, no function        %,12.0f events/s%n", result.rotor().recordsPerSecond());
        out.printf("ratio rotor/raw           %12.2f%n", result.ratio());
        out.printf("%ncores busy (of %d)          machine   this JVM      rotor      Kafka%n",
                result.rotor().cpu().cpus());
        printCpu(out, "raw, before the rotor", result.rawBefore());
        printCpu(out, "rotor", result.rotor());
        printCpu(out, "raw, after the rotor", result.rawAfter());
        double rotorCores = result.rotor().cpu().serviceCores().getOrDefault("rotor", Double.NaN);
        out.printf("rotor process: %.1f us of CPU per event%n",
                rotorCores * result.rotor().cpu().seconds() * 1e6 / result.rotor().records());
    }

    private static void printCpu(PrintWriter out, String phase, RotorBenchmark.Phase measured) {
        CpuMeter.Usage cpu = measured.cpu();
        out.printf("  %-24s %8.2f %10.2f %10.2f %10.2f%n", phase, cpu.machineCores(), cpu.processCores(),
                cpu.serviceCores().getOrDefault("rotor", Double.NaN),
                cpu.serviceCores().getOrDefault("Kafka", Double.NaN));
    }
}
