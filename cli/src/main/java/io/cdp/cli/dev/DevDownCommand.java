package io.cdp.cli.dev;

import picocli.CommandLine.Command;

/** {@code cdp dev down}: stops the server and the local services by their pid files. */
@Command(
        name = "down",
        header = "Stop the local services and the --with-server server; their data is kept.",
        description = "Stops each process recorded in its pid file under .cdp/; touches nothing else.",
        exitCodeList = {"0:nothing of ours runs any more", "1:a process did not stop (the message names its log)"},
        footer = {
                "  ./cdp dev down",
                "  ./cdp dev down && rm -rf .cdp      start again from empty databases"})
public class DevDownCommand extends DevSubcommand {
    @Override
    public Integer call() {
        return run(out -> stack().down(out) ? 0 : 1);
    }
}
