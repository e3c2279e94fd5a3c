package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.LocalService;
import io.cdp.cli.dev.stack.LocalStack;
import io.cdp.cli.dev.process.LogTail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp dev logs SERVICE}: the end of a local service's log, optionally followed. */
@Command(
        name = "logs",
        header = "Show the end of a local service's log.",
        exitCodeList = {"0:shown", "1:no log yet (the service never started here)", "2:unknown service"},
        footer = {
                "  ./cdp dev logs kafka",
                "  ./cdp dev logs server -f",
                "  ./cdp dev logs postgres -n 200"})
public class DevLogsCommand extends DevSubcommand {
    @Parameters(index = "0", paramLabel = "SERVICE",
            description = "postgres, redis, clickhouse, kafka or server.")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended (Ctrl-C stops).") boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50",
            description = "How many of the last lines to show (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() {
        LocalStack stack = stack();
        Optional<LocalService> found = stack.find(service);
        if (found.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown service '" + service
                    + "': choose one of " + String.join(", ", stack.names()));
        }
        return run(out -> {
            Path log = found.get().logFile();
            if (!Files.isRegularFile(log)) {
                spec.commandLine().getErr().println("No log yet at " + log + ": " + service
                        + " has not been started with this data folder (./cdp dev up" + ("server".equals(service) ? " --with-server" : "") + ").");
                return 1;
            }
            LogTail.lastLines(log, lines).forEach(out::println);
            out.flush();
            if (follow) {
                LogTail.follow(log, out, () -> !Thread.currentThread().isInterrupted());
            }
            return 0;
        });
    }
}
