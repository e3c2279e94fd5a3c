package io.cdp.cli.dev;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdp dev down}: stops the server and the local services by their pid files. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        header = "Stop the local services and the --with-server server; their data is kept.",
        description = "Stops each process recorded in its pid file under .cdp/; touches nothing else.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:nothing of ours runs any more", "1:a process did not stop (the message names its log)"},
        footer = {
                "",
                "Examples:",
                "  ./cdp dev down",
                "  ./cdp dev down && rm -rf .cdp      start again from empty databases"})
public class DevDownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    DevCommand parent;

    @Override
    public Integer call() {
        return DevCommand.run(spec, out -> parent.stack().down(out) ? 0 : 1);
    }
}
