package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.Cdp;
import io.cdp.cli.command.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    void tooFewEventsAreRefusedBeforeAnythingRuns() {
        assertThat(run("bench", "bulker", "--events", "10")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--events must be at least 1000");
    }

    @Test
    void pipelineHelpSaysWhatIsMeasuredAgainstWhatWithTargetsAndExamples() {
        assertThat(run("bench", "pipeline", "--help")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("Kafka's producer", "end to end", ">= 0.1x raw", ">= 0.5x raw", "p99 < 5 s",
                "one per role", "Examples:", "./cdp bench pipeline --duration");
    }

    @Test
    void aPipelineRateFractionAboveOneIsRefusedBeforeAnythingRuns() {
        assertThat(run("bench", "pipeline", "--rate-fraction", "1.5")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--rate-fraction above 0 and at most 1");
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

    @Test
    void rotorRefusesTooFewEventsAndAMissingLauncherBeforeAnythingRuns() {
        assertThat(run("bench", "rotor", "--events", "10")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--events must be at least 1000");

        assertThat(run("bench", "rotor", "--launcher", "/nonexistent/cdp")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no cdp launcher at /nonexistent/cdp", "--launcher");
    }
}
