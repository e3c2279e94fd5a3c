package io.cdp.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code cdp keys}, {@code cdp workspaces}, ...): run
 * alone it prints its usage, listing them, and exits with {@link ExitCodes#USAGE}.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
