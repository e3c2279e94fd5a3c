package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.Cdp;
import io.cdp.cli.command.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of {@code cdp bench bulker}; the measurement itself is run by hand (it is a benchmark). */
class BulkerBenchCommandTest {
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
    void benchAloneListsItsBenchmarks() {
        assertThat(run("bench")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("bulker");
    }
}
