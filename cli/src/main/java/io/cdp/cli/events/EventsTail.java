package io.cdp.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.OptionChecks;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.WorkspaceOptions;
import io.cdp.client.ConsoleClient;
import io.cdp.tui.live.LiveEventRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdp events tail}: the live stream of ingest's verdicts, as the dashboard's Live events
 * screen shows it, until Ctrl-C (or {@code --count} events).
 */
@Command(
        name = "tail",
        header = "Follow the events arriving now and what ingest made of them (Ctrl-C to stop).",
        description = {"One line per event: time (UTC), workspace/source, type, event name, the verdict (accepted,"
                + " deduplicated, or rejected with the reason) and the ids. Starts with the 20 most recent ones.",
                "The server samples what it shows (at most 200 events a second, the last 1000 kept, recorded"
                        + " only while somebody watches), so tailing never slows ingest; a line says when events"
                        + " were left out. It shows what the server you ask has ingested."},
        footer = {"  ./cdp events tail", "  ./cdp events tail --workspace acme --source web",
                "  ./cdp events tail --type track --text 'Order Completed'",
                "  ./cdp events tail --workspace acme --json | jq .verdict",
                "  ./cdp events tail --count 10        # stop after ten events"})
public class EventsTail implements Callable<Integer> {
    private static final int PAGE = 200;
    /** How many of the recent events the first page shows, as tail does. */
    private static final int RECENT = 20;

    @Spec CommandSpec spec;
    @Mixin ServerOptions server;

    @Mixin WorkspaceOptions.Filter workspace;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source (name, with --workspace, or id).")
    String source;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this type: track, identify, page, ...")
    String type;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "Only events whose name, ids, reason or payload contain TEXT (any case).")
    String text;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events (default: run until Ctrl-C).")
    Integer count;

    Duration interval;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "How often to ask the server (default ${DEFAULT-VALUE} ms).")
    void interval(long millis) {
        interval = Duration.ofMillis(OptionChecks.atLeast(spec, "--interval", millis, 1));
    }

    @Option(names = "--json", description = "One JSON object per event (NDJSON) instead of lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ConsoleClient console = new ConsoleClient(server.management());
        ConsoleClient.LiveQuery query = new ConsoleClient.LiveQuery(workspace.value(), source, type, text);
        Map<String, String> names;
        try {
            names = console.names();
        } catch (Exception lookupFailed) {
            // Names are a convenience: ids do as well, and the stream itself says whether the server answers.
            names = Map.of();
        }
        if (!json) {
            out.println(LiveEventRow.header(LiveEventRow.UNLIMITED));
        }
        long after = 0;
        long skipped = -1;
        int shown = 0;
        while (count == null || shown < count) {
            JsonNode page = console.liveEvents(after, query, after == 0 ? RECENT : PAGE);
            for (JsonNode event : page.path("events")) {
                out.println(json ? event.toString() : LiveEventRow.of(event).line(names, LiveEventRow.UNLIMITED));
                if (count != null && ++shown >= count) {
                    break;
                }
            }
            after = Math.max(after, page.path("last_seq").asLong());
            long nowSkipped = page.path("skipped").asLong();
            if (!json && skipped >= 0 && nowSkipped > skipped) {
                out.println("... " + (nowSkipped - skipped) + " event(s) not sampled (more than 200 a second)");
            }
            skipped = nowSkipped;
            out.flush();
            if (count == null || shown < count) {
                Thread.sleep(interval.toMillis());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
