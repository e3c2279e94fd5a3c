package io.cdp.cli.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.CdpRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdp functions bench}, run the way a user runs it, with short runs: what is checked is
 * which engines ran and what they counted, never how fast (figures vary with machine load).
 */
class FunctionsBenchCommandTest {
    private static final Path EXAMPLES = Path.of("..", "functions-sdk", "examples");

    @TempDir
    Path dir;

    /** One line of the result table, split into its columns. */
    private record TableRow(String function, String engine, double eventsPerSecond, long errors, String vsNode,
                            String vsAlone) {
        static TableRow parse(String line) {
            String[] cells = line.trim().split("\\s{2,}");
            assertThat(cells).as(line).hasSize(6);
            return new TableRow(cells[0], cells[1], Double.parseDouble(cells[2].replace(",", "")),
                    Long.parseLong(cells[3]), cells[4], cells[5]);
        }
    }

    private Path events(int count) throws IOException {
        return Files.writeString(dir.resolve("events.ndjson"), String.join("\n", BenchEvents.generate(count, 1)));
    }

    /** The table rows of {@code function}, in printed order. */
    private static List<TableRow> rows(CdpRun run, String function) {
        return Arrays.stream(run.out().split("\n"))
                .filter(line -> line.startsWith(function + " "))
                .map(TableRow::parse)
                .toList();
    }

    @Test
    void helpExplainsTheThreeEngines() {
        CdpRun help = CdpRun.of("functions", "bench", "--help");
        assertThat(help.out()).contains("--compare-node", "--suite", "Examples:", "GraalJS alone", "VS ALONE");
    }

    @Test
    void reportsEventsPerSecondOfTheRuntimeAlone() throws IOException {
        CdpRun run = CdpRun.of("functions", "bench", EXAMPLES.resolve("clean-fields.js").toString(),
                "--events", events(50).toString(), "--warmup", "200ms", "--duration", "1500ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("FUNCTION", "EVENTS/S", "clean-fields", "GraalJS");
        assertThat(run.err()).contains("clean-fields on GraalJS", " events");
        List<TableRow> rows = rows(run, "clean-fields");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).eventsPerSecond()).isPositive();
        assertThat(run.out()).doesNotContain("GraalJS alone");
    }

    @Test
    void compareNodeAddsGraalJsAloneAndNodeAndTheRuntimesShare() throws IOException {
        CdpRun run = CdpRun.of("functions", "bench", EXAMPLES.resolve("clean-fields.js").toString(),
                "--events", events(50).toString(), "--compare-node", "--warmup", "200ms", "--duration", "1500ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<TableRow> rows = rows(run, "clean-fields");
        boolean node = NodeBench.version() != null;
        assertThat(rows).hasSize(node ? 3 : 2);
        TableRow runtime = rows.get(0);
        TableRow alone = rows.get(1);
        assertThat(runtime.engine()).startsWith("GraalJS").doesNotContain("alone");
        assertThat(alone.engine()).startsWith("GraalJS alone, ");
        assertThat(alone.eventsPerSecond()).isPositive();
        assertThat(alone.errors()).isZero();
        assertThat(runtime.vsAlone()).matches("\\d+\\.\\d\\dx");
        assertThat(alone.vsAlone()).isEqualTo("-");
        assertThat(run.out()).contains("VS ALONE: the runtime's events/s / GraalJS alone's");
        // Progress once a second from each engine, GraalJS alone's included.
        String err = run.err();
        assertThat(err).contains("clean-fields on GraalJS alone, ");
        int nodeStart = err.indexOf("clean-fields on Node.js");
        assertThat(err.substring(err.indexOf("on GraalJS alone, "), nodeStart < 0 ? err.length() : nodeStart))
                .contains(" events");
        if (node) {
            TableRow nodeRow = rows.get(2);
            assertThat(nodeRow.engine()).startsWith("Node.js");
            assertThat(nodeRow.eventsPerSecond()).isPositive();
            assertThat(alone.vsNode()).matches("\\d+\\.\\d\\dx");
            assertThat(runtime.vsNode()).matches("\\d+\\.\\d\\dx");
        }
    }

    @Test
    void aFunctionThatThrowsCountsErrorsOnEveryEngine() throws IOException {
        Path function = Files.writeString(dir.resolve("odd.js"), """
                export default async function odd(event) {
                  if (event.messageId.endsWith("1")) throw new Error("odd one out");
                  return event;
                }
                """);
        CdpRun run = CdpRun.of("functions", "bench", function.toString(), "--events", events(20).toString(),
                "--compare-node", "--warmup", "100ms", "--duration", "300ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<TableRow> rows = rows(run, "odd");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows).extracting(TableRow::engine).anyMatch(engine -> engine.startsWith("GraalJS alone"));
        for (TableRow row : rows) {
            // 2 of the 20 events throw (msg-1-1 and msg-1-11): counted as errors, and the run goes on.
            assertThat(row.errors()).as(row.engine()).isPositive();
            assertThat(row.eventsPerSecond()).as(row.engine()).isPositive();
        }
    }
}
