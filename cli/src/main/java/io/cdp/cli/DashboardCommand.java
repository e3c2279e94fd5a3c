package io.cdp.cli;

import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.ExitCodes;
import io.cdp.tui.Dashboard;
import io.cdp.tui.DashboardModel;
import io.cdp.client.ConsoleClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdp dashboard}: the terminal dashboard that replaces a web console. */
@Command(
        name = "dashboard",
        header = "Open the terminal dashboard: pipeline figures, live events, dead letters, keys and functions.",
        description = {"Screens, switched with Tab or their number: 1 Overview (events per second at each stage,"
                + " lag, migrations, latest errors), 2 Live events (what ingest made of each event; payload"
                + " before and after functions), 3 Dead letters (filter, replay, dry-run through a local"
                + " function), 4 Keys (workspaces, sources, write keys and their last use), 5 Functions"
                + " (versions, calls, errors, logs; test a file on a live event; deploy).",
                "Each screen lists its keys on the bottom line. q, or Escape, quits. docs/console.md shows"
                        + " every screen."},
        footer = {"  ./cdp dashboard", "  ./cdp dashboard --refresh 5",
                "  ./cdp dashboard --server http://cdp.internal:3049 --token $CDP_ADMIN_TOKEN"})
public class DashboardCommand implements Callable<Integer> {
    @Mixin ServerOptions server;

    @Option(names = "--refresh", defaultValue = "1", paramLabel = "SECONDS",
            description = "Seconds between refreshes (default ${DEFAULT-VALUE}).")
    int refreshSeconds;

    @Override
    public Integer call() throws Exception {
        DashboardModel model = new DashboardModel(new ConsoleClient(server.management()), new DashboardFunctions(),
                server.settings().server().toString());
        Dashboard.runOnConsole(model, Duration.ofSeconds(Math.max(1, refreshSeconds)));
        return ExitCodes.OK;
    }
}
