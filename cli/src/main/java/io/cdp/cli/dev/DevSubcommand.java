package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.LocalStack;
import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.command.HelpSections;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand of {@code cdp dev}: works on the services of its parent's settings, and reports
 * the problems a user can fix as a message on stderr and exit code 1, instead of a stack trace.
 * Its {@code @Command} gives each one --help (also when {@code dev} is built alone, as in tests)
 * and the headings of its exit-code list and examples.
 */
@Command(mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n", footerHeading = HelpSections.EXAMPLES)
abstract class DevSubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand DevCommand parent;

    /** The services for the current settings. */
    LocalStack stack() {
        return parent.stack();
    }

    /** Runs the subcommand's work, its problems turned into a message and exit code 1. */
    int run(Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return work.run(out);
        } catch (DevException | IOException e) {
            out.flush();
            // "cdp dev up", also when `dev` is the root (as in tests).
            err.println("cdp " + spec.qualifiedName(" ").replaceFirst("^cdp ", "") + ": " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            out.flush();
        }
    }

    /** The body of a subcommand. */
    @FunctionalInterface
    interface Work {
        int run(PrintWriter out) throws IOException;
    }
}
