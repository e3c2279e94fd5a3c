package io.cdp.cli.functions;

import io.cdp.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code cdp functions}: write, test, benchmark and deploy JavaScript functions. {@code test} and
 * {@code bench} run locally in the rotor's own runtime; the others talk to the server.
 */
@Command(
        name = "functions",
        header = "Test, benchmark and deploy JavaScript functions (Jitsu-compatible).",
        subcommands = {FunctionsTestCommand.class, FunctionsBenchCommand.class, FunctionsServerCommands.Deploy.class,
                FunctionsServerCommands.ListFunctions.class, FunctionsServerCommands.Logs.class},
        footer = {
                "  ./cdp functions test functions-sdk/examples/drop-bots.js --event e.json",
                "  ./cdp functions bench --suite",
                "  ./cdp functions deploy fn.js --workspace acme --source web",
                "  ./cdp functions list",
                "  ./cdp functions logs fn --workspace acme",
                "Guide: docs/functions.md"})
public class FunctionsCommand extends CommandGroup {
}
