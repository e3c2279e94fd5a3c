package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.Cdp;
import io.cdp.cli.command.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command lines of {@code cdp bench}; the measurements themselves are run by hand (they are benchmarks). */
class BenchCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Cdp());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpSaysWhatIsMeasuredWithTargetsAndExamples() {
        assertThat(run("bench", "bulker", "--help")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("raw JSONEachRow", "latency", ">= 0.8", "< 5 s", "cores busy",
                "CPU time per row", "ClickHouse's", "Examples:", "./cdp bench bulker --events");
    }

    @Test
    void pipelineHelpSaysWhatIsMeasuredAgainstWhatWithTargetsAndExamples() {
        assertThat(run("bench", "pipeline", "--help")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("Kafka's producer", "end to end", ">= 0.1x raw", ">= 0.5x raw", "p99 < 5 s",
                "one per role", "Examples:", "./cdp bench pipeline --duration");
    }

    @Test
    void benchAloneListsItsBenchmarks() {
        assertThat(run("bench")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("bulker", "pipeline", "rotor");
    }

    @Test
    void rotorHelpSaysWhatIsComparedAndHowToMeasureAnotherBuild() {
        assertThat(run("bench", "rotor", "--help")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("raw", "CDP_ROLES=rotor", "no function", "ratio", "--launcher",
                "Examples:", "./cdp bench rotor --events");
    }

    /** Each case: the command line, and what the error must say, parts separated by '|'. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "bench bulker --events 10; --events must be at least 1000, not 10.",
            "bench bulker --latency-events 99; --latency-events must be at least 100, not 99.",
            "bench bulker --latency-rate 0; --latency-rate must be at least 1, not 0.",
            "bench bulker --clickhouse-cores -1; --clickhouse-cores must be at least 0, not -1.",
            "bench pipeline --duration 0; --duration must be at least 1, not 0.",
            "bench pipeline --warm-up -1; --warm-up must be at least 0, not -1.",
            "bench pipeline --clients 0; --clients must be at least 1, not 0.",
            "bench pipeline --batch 501; --batch must be from 1 to 500, not 501.",
            "bench pipeline --rate-fraction 1.5; --rate-fraction must be above 0 and at most 1, not 1.5.",
            "bench pipeline --rate-fraction 0; --rate-fraction must be above 0 and at most 1, not 0.0.",
            "bench rotor --events 10; --events must be at least 1000, not 10.",
            "bench rotor --launcher /nonexistent/cdp; no cdp launcher at /nonexistent/cdp|--launcher"})
    void invalidOptionsAreRefusedBeforeAnythingRuns(String commandLine, String messages) {
        assertThat(run(commandLine.split(" "))).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains(messages.split("\\|"));
    }
}
