package io.cdp.cli;

import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.ExitCodes;
import io.cdp.tui.Dashboard;
import io.cdp.tui.DashboardModel;
import io.cdp.tui.ManagementDashboardClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdp dashboard}: the terminal dashboard that replaces a web console. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        header = "Open the terminal dashboard: live throughput, consumer lag and dead letters.",
        description = "Screens: 1 Overview (messages per topic and per second, lag of every consumer group),"
                + " 2 Dead letters (browse with Up/Down, r replays the selected one). q or Escape quits.",
        footer = {"", "Examples:", "  ./cdp dashboard", "  ./cdp dashboard --refresh 5",
                "  ./cdp dashboard --server http://cdp.internal:3049 --token $CDP_ADMIN_TOKEN"})
public class DashboardCommand implements Callable<Integer> {
    @Mixin ServerOptions server;

    @Option(names = "--refresh", defaultValue = "1", paramLabel = "SECONDS",
            description = "Seconds between refreshes (default ${DEFAULT-VALUE}).")
    int refreshSeconds;

    @Override
    public Integer call() throws Exception {
        DashboardModel model = new DashboardModel(new ManagementDashboardClient(server.management()),
                server.settings().server().toString());
        Dashboard.runOnConsole(model, Duration.ofSeconds(Math.max(1, refreshSeconds)));
        return ExitCodes.OK;
    }
}
