package io.cdp.cli.bench;

import io.cdp.cli.command.OptionChecks;
import io.cdp.server.CdpConfiguration;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp bench pipeline}: the whole pipeline, from {@code /v1/batch} to ClickHouse, against Kafka's raw producer. */
@Command(
        name = "pipeline",
        header = "Measure the whole pipeline, /v1/batch to queryable in ClickHouse, against Kafka's raw producer.",
        description = {
                "In one run on the configured PostgreSQL, Redis, Kafka and ClickHouse (scratch databases and topics"
                        + " cdp_bench_*, dropped at the end), with the server started as three processes of this"
                        + " build, one per role (ingest with the API, rotor, bulker), so that each stage's cores can"
                        + " be read off its process; no function is deployed:",
                "warm-up: --warm-up at full speed, untimed;",
                "raw: Kafka's producer, configured as ingest's, sending events of the size ingest writes to a topic"
                        + " of the same partitions for --duration: the baseline of the ratios;",
                "full speed: --clients clients sending /v1/batch of --batch events as fast as ingest answers, for"
                        + " --duration: events/s accepted, and events/s end to end (first send until the last of"
                        + " them is written to ClickHouse);",
                "fixed rate: --rate-fraction of the end-to-end rate for --duration: p50/p99 from each event's send"
                        + " until the bulker wrote it (its _version, the write time in ms).",
                "Targets on one machine with every service on it: end to end >= 0.1x raw, accepted >= 0.5x raw,"
                        + " p99 < 5 s at 80%% of the end-to-end rate. It ends with the cores each process used"
                        + " during the full-speed phase: the load generator (this JVM), ingest, rotor, bulker, and"
                        + " Kafka and ClickHouse when they run on this machine."},
        footer = {"  ./cdp bench pipeline",
                "  export CDP_DATA_DIR=/dev/shm/cdp && ./cdp dev up && ./cdp bench pipeline",
                "  ./cdp bench pipeline --duration 30 --clients 32 --batch 200",
                "  ./cdp bench pipeline --rate-fraction 0.5"})
public class PipelineBenchCommand extends BenchmarkCommand<PipelineBenchmark.Result> {
    static final Target END_TO_END = Target.ratioAtLeast(0.1);
    static final Target ACCEPTED = Target.ratioAtLeast(0.5);

    int seconds;
    int warmUpSeconds;
    int clients;
    int batch;
    double rateFraction;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
            description = "Seconds of each timed phase (default: ${DEFAULT-VALUE}).")
    void seconds(int value) {
        seconds = OptionChecks.atLeast(spec, "--duration", value, 1);
    }

    @Option(names = "--warm-up", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds of untimed load first, 0 for none (default: ${DEFAULT-VALUE}).")
    void warmUpSeconds(int value) {
        warmUpSeconds = OptionChecks.atLeast(spec, "--warm-up", value, 0);
    }

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    void clients(int value) {
        clients = OptionChecks.atLeast(spec, "--clients", value, 1);
    }

    @Option(names = "--batch", defaultValue = "100",
            description = "Events per request, 1 to 500 (default: ${DEFAULT-VALUE}).")
    void batch(int value) {
        batch = OptionChecks.between(spec, "--batch", value, 1, 500);
    }

    @Option(names = "--rate-fraction", defaultValue = "0.8",
            description = "The fixed rate, as a fraction of the end-to-end rate (default: ${DEFAULT-VALUE}).")
    void rateFraction(double value) {
        rateFraction = OptionChecks.fraction(spec, "--rate-fraction", value);
    }

    @Override
    PipelineBenchmark.Result measure(CdpConfiguration configuration, PrintWriter progress) throws Exception {
        return new PipelineBenchmark(configuration, new PipelineBenchmark.Settings(Duration.ofSeconds(seconds),
                Duration.ofSeconds(warmUpSeconds), rateFraction, clients, batch, Duration.ofMinutes(5)), progress).run();
    }

    @Override
    void print(PipelineBenchmark.Result result, PrintWriter out) {
        PipelineBenchmark.Flow full = result.fullSpeed();
        out.printf("%nKafka raw producer        %,12.0f events/s%n", result.rawPerSecond());
        out.printf("ingest accepted          %,12.0f events/s   %.2fx raw %s%n",
                full.sent().acceptedPerSecond(), result.acceptRatio(), ACCEPTED.verdict(result.acceptRatio()));
        out.printf("end to end (queryable)   %,12.0f events/s   %.2fx raw %s   %,d events in %.1f s%n",
                full.endToEndPerSecond(), result.endToEndRatio(), END_TO_END.verdict(result.endToEndRatio()),
                full.sent().accepted(), (full.lastWrittenMillis() - full.sent().firstSendMillis()) / 1000.0);
        out.printf("send -> written at %,.0f events/s: p50 %d ms, p99 %d ms, max %d ms   %s%n",
                result.fixedRate(), result.p50Millis(), result.p99Millis(), result.maxMillis(),
                Target.P99_MILLIS.verdict(result.p99Millis()));
        CpuMeter.Usage cpu = full.cpu();
        StringBuilder cores = new StringBuilder(String.format(
                "%ncores busy in the full-speed phase (of %d, %.1f s): machine %.2f, load generator %.2f",
                cpu.cpus(), cpu.seconds(), cpu.machineCores(), cpu.processCores()));
        cpu.serviceCores().forEach((name, used) -> cores.append(String.format(", %s %.2f", name, used)));
        cores.append(String.format(", the rest %.2f", cpu.unnamedCores()));
        out.println(cores);
        long events = full.sent().accepted();
        StringBuilder perEvent = new StringBuilder("CPU per event (us):");
        cpu.serviceCores().keySet().forEach(name -> perEvent.append(String.format(" %s %.1f,", name,
                cpu.serviceMicrosPer(name, events))));
        perEvent.append(String.format(" load generator %.1f", cpu.processMicrosPer(events)));
        out.println(perEvent);
    }
}
