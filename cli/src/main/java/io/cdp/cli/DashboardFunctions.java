package io.cdp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.cli.functions.FunctionTestReport;
import io.cdp.cli.functions.LocalFunctionSession;
import io.cdp.tui.screen.LocalFunctions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's local function runs (function test, dry-run replay), done by the very code of
 * {@code cdp functions test}: a {@link LocalFunctionSession} per run, printed by
 * {@link FunctionTestReport}. Thread-safe: each call has its own runtime.
 */
public final class DashboardFunctions implements LocalFunctions {
    @Override
    public Runs run(Path file, List<ObjectNode> events) {
        try (LocalFunctionSession session = LocalFunctionSession.open(file)) {
            List<List<String>> lines = new ArrayList<>();
            int failures = 0;
            for (int i = 0; i < events.size(); i++) {
                LocalFunctionSession.Report report = session.report(events.get(i), i + 1);
                lines.add(report.lines());
                if (report.result().failed()) {
                    failures++;
                }
            }
            String heading = String.format("Running %s on %d event%s (%s)", session.fileName(), events.size(),
                    events.size() == 1 ? "" : "s", session.describeMode());
            return new Runs(heading, lines, failures);
        }
    }
}
