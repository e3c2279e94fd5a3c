package io.cdp.cli.functions;

import io.cdp.cli.CdpRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.Cdp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdp functions test}, run the way a user runs it (bench: FunctionsBenchCommandTest). */
class FunctionsLocalCommandsTest {
    private static final Path EXAMPLES = Path.of("..", "functions-sdk", "examples");
    /** MaxMind's test City database (functions-sdk/src/test/resources/maxmind/README.md). */
    private static final Path GEO_DB = Path.of("..", "functions-sdk", "src", "test", "resources", "maxmind",
            "GeoIP2-City-Test.mmdb");

    @TempDir
    Path dir;

    private static CdpRun cdp(String... args) {
        return CdpRun.of(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String ORDER = "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m1\","
            + "\"properties\":{\"order_id\":\"o-1\"}}";

    @Test
    void printsTheResultingEventAndItsTable() throws IOException {
        CdpRun run = cdp("functions", "test", EXAMPLES.resolve("route-table.js").toString(), "--event", file("e.json", ORDER).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Running route-table.js on 1 event (GraalJS", "1 event out:",
                "\"JITSU_TABLE_NAME\" : \"orders\"", "-> table orders");
    }

    @Test
    void saysPlainlyWhenTheEventWasDroppedAndShowsLogsAndStore() throws IOException {
        Path seed = file("seed.json", "{\"order:o-1\":\"m0\"}");
        CdpRun run = cdp("functions", "test", EXAMPLES.resolve("dedupe-store.js").toString(),
                "--event", file("e.json", ORDER).toString(), "--store", seed.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DROPPED: the function dropped the event", "logs:",
                "info  order o-1 already recorded by m0", "store after the run:", "order:o-1 = \"m0\"");
    }

    @Test
    void headersGeoAndDestinationAreGivenAsTheRotorGivesThem() throws IOException {
        Path fn = file("ctx.js", """
                export default async (event, ctx) => ({ ...event, seen: { agent: ctx.headers["User-Agent"],
                  names: Object.keys(ctx.headers), city: ctx.geo?.city?.name ?? null, eu: ctx.geo?.country?.isEU,
                  destination: ctx.destination.id, connection: ctx.connection.id } })""");
        Path event = file("e.json", "{\"type\":\"page\",\"context\":{\"ip\":\"89.160.20.112\"}}");
        Path headers = file("h.json", "{\"User-Agent\":\"curl/8\",\"X-Request-Id\":\"r1\"}");
        CdpRun run = cdp("functions", "test", fn.toString(), "--event", event.toString(), "--headers",
                headers.toString(), "--geo-db", GEO_DB.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"agent\" : \"curl/8\"", "\"names\" : [ \"user-agent\", \"x-request-id\" ]",
                "\"city\" : \"Linköping\"", "\"eu\" : true", "\"destination\" : \"clickhouse\"",
                "\"connection\" : \"local:clickhouse\"");

        CdpRun noGeo = cdp("functions", "test", fn.toString(), "--event", event.toString());
        assertThat(noGeo.exitCode()).as(noGeo.err()).isZero();
        assertThat(noGeo.out()).contains("\"city\" : null", "\"names\" : [ ]");
    }

    @Test
    void aBadHeadersFileOrGeoDatabaseIsBadInput() throws IOException {
        Path fn = file("id.js", "export default e => e");
        Path event = file("e.json", ORDER);
        CdpRun nested = cdp("functions", "test", fn.toString(), "--event", event.toString(), "--headers",
                file("h.json", "{\"X-A\":{\"b\":1}}").toString());
        assertThat(nested.exitCode()).isEqualTo(FunctionsTestCommand.BAD_INPUT);
        assertThat(nested.err()).contains("header 'X-A' must be a string");
        CdpRun notMmdb = cdp("functions", "test", fn.toString(), "--event", event.toString(), "--geo-db",
                file("geo.mmdb", "nope").toString());
        assertThat(notMmdb.exitCode()).isEqualTo(FunctionsTestCommand.BAD_INPUT);
        assertThat(notMmdb.err()).contains("--geo-db:", "is not a MaxMind database");
    }

    @Test
    void aThrowExitsOneWithTheMessageAndStack() throws IOException {
        Path fn = file("bad.js", "export default async function (event) {\n  throw new Error('no ' + event.event);\n}\n");
        CdpRun run = cdp("functions", "test", fn.toString(), "--event", file("e.json", ORDER).toString());
        assertThat(run.exitCode()).isEqualTo(FunctionsTestCommand.FAILED);
        assertThat(run.out()).contains("FAILED (THROW): Error: no Order Completed", "bad.mjs:2");
        assertThat(run.err()).contains("cdp: bad.js failed on event 1 (THROW): Error: no Order Completed");
    }

    @Test
    void aSandboxViolationAndACompileErrorExitOne() throws IOException {
        Path event = file("e.json", ORDER);
        CdpRun escape = cdp("functions", "test", file("escape.js", "export default () => Java.type('java.io.File')").toString(),
                "--event", event.toString());
        assertThat(escape.exitCode()).isEqualTo(FunctionsTestCommand.FAILED);
        assertThat(escape.out()).contains("FAILED (SANDBOX)", "host access is not allowed");
        CdpRun broken = cdp("functions", "test", file("broken.js", "export default function (").toString(),
                "--event", event.toString());
        assertThat(broken.exitCode()).isEqualTo(FunctionsTestCommand.FAILED);
        assertThat(broken.err()).contains("cannot load broken.js", "SyntaxError");
    }

    @Test
    void expectComparesAndShowsTheDifferences() throws IOException {
        Path fn = EXAMPLES.resolve("clean-fields.js");
        Path event = file("e.json", "{\"type\":\"track\",\"properties\":{\"planName\":\" Pro \"},\"traits\":{\"email\":\" A@B.COM\"}}");
        Path good = file("good.json", "{\"type\":\"track\",\"properties\":{\"plan_name\":\"Pro\"},\"traits\":{\"email\":\"a@b.com\"}}");
        Path bad = file("bad.json", "{\"type\":\"track\",\"properties\":{\"plan_name\":\"Free\"},\"traits\":{\"email\":\"a@b.com\"}}");

        CdpRun matching = cdp("functions", "test", fn.toString(), "--event", event.toString(), "--expect", good.toString());
        assertThat(matching.exitCode()).as(matching.out()).isZero();
        assertThat(matching.out()).contains("matches the expected output");

        CdpRun differing = cdp("functions", "test", fn.toString(), "--event", event.toString(), "--expect", bad.toString());
        assertThat(differing.exitCode()).isEqualTo(FunctionsTestCommand.MISMATCH);
        assertThat(differing.out()).contains("DIFFERS", "- /0/properties/plan_name: \"Free\"",
                "+ /0/properties/plan_name: \"Pro\"", "1 differ from --expect");
    }

    @Test
    void runsManyEventsFromNdjson() throws IOException {
        Path events = file("events.ndjson", ORDER + "\n\n{\"type\":\"page\"}\n{\"type\":\"identify\"}\n");
        Path expected = file("expected.ndjson", ORDER.replace("}}", "},\"JITSU_TABLE_NAME\":\"orders\"}")
                + "\n{\"type\":\"page\",\"JITSU_TABLE_NAME\":\"pages\"}\n[{\"type\":\"identify\",\"JITSU_TABLE_NAME\":\"users\"}]\n");
        CdpRun run = cdp("functions", "test", EXAMPLES.resolve("route-table.js").toString(), "--events", events.toString(),
                "--expect", expected.toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("--- event 3 ---", "3 event(s), 0 failed, 0 differ from --expect");
    }

    @Test
    void badInputNamesTheFileAndExitsTwo() throws IOException {
        CdpRun missing = cdp("functions", "test", "nope.js", "--event", file("e.json", ORDER).toString());
        assertThat(missing.exitCode()).isEqualTo(FunctionsTestCommand.BAD_INPUT);
        assertThat(missing.err()).contains("function file nope.js does not exist");

        CdpRun notJson = cdp("functions", "test", EXAMPLES.resolve("route-table.js").toString(),
                "--event", file("e.json", "{\"type\": ").toString());
        assertThat(notJson.exitCode()).isEqualTo(FunctionsTestCommand.BAD_INPUT);
        assertThat(notJson.err()).contains("event file", "is not valid JSON");

        CdpRun noEvent = cdp("functions", "test", EXAMPLES.resolve("route-table.js").toString());
        assertThat(noEvent.exitCode()).isEqualTo(2);
        assertThat(noEvent.err()).contains("--event", "--events");
    }

    @Test
    void helpHasExamples() {
        CdpRun help = cdp("functions", "test", "--help");
        assertThat(help.out()).contains("Run a function on events locally", "Examples:", "--expect", "Exit codes:");
    }
}
