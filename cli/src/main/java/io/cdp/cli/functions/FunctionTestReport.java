package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.LogEntry;
import io.cdp.functions.OutputEvent;
import io.cdp.functions.fetch.FetchCall;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a local function run is shown, wherever it runs: {@code cdp functions test}, a dry-run
 * replay ({@code cdp dlq replay --dry-run --function}) and the dashboard's function test. One
 * printer, so the three always show the same thing. Stateless.
 */
public final class FunctionTestReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private FunctionTestReport() {
    }

    /**
     * The outcome (events out, dropped, or the error and its stack), the logs, the fetch calls and
     * the time; a failure is also said on {@code err}, naming {@code functionName} and the event's
     * {@code number}.
     */
    public static void print(FunctionResult result, PrintWriter out, PrintWriter err, String functionName, int number) {
        switch (result.outcome()) {
            case DROPPED -> out.println("DROPPED: the function dropped the event (returned null, false, \"drop\" or []).");
            case EVENTS -> {
                out.printf("%d event%s out%s:%n", result.events().size(), result.events().size() == 1 ? "" : "s",
                        result.events().size() > 1 ? " (fan-out)" : "");
                for (ObjectNode event : result.events()) {
                    out.println(event.toPrettyString());
                    String table = OutputEvent.of(event).table();
                    if (table != null) {
                        out.println("  -> table " + table);
                    }
                }
            }
            case ERROR -> {
                out.printf("FAILED (%s): %s%n", result.error().kind(), result.error().message());
                if (result.error().stack() != null) {
                    out.println(result.error().stack().strip());
                }
                err.printf("cdp: %s failed on event %d (%s): %s%n", functionName, number,
                        result.error().kind(), result.error().message());
            }
        }
        if (!result.logs().isEmpty()) {
            out.println("logs:");
            for (LogEntry log : result.logs()) {
                out.printf("  %s %-5s %s%n", CLOCK.format(log.at()), log.level(), log.message());
            }
        }
        if (!result.fetchCalls().isEmpty()) {
            out.println("fetch calls:");
            for (FetchCall call : result.fetchCalls()) {
                out.printf("  %s %s -> %s%n", call.method(), call.url(),
                        call.error() != null ? call.error() : call.status() + " in " + call.durationMillis() + " ms");
            }
        }
        out.printf("(%d ms)%n", result.elapsed().toMillis());
    }
}
