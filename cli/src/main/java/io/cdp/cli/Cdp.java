package io.cdp.cli;

import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.HelpSections;
import io.cdp.cli.command.ClientErrors;
import io.cdp.cli.migrate.MigrateCommand;
import io.cdp.cli.events.EventsCommand;
import io.cdp.cli.dev.DevCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cdp} command line. Every subcommand is a thin client of the server's management
 * API, except {@code migrate}, {@code functions test} and {@code dev}, which work without a
 * running server.
 */
@Command(
        name = "cdp",
        // Subcommands inherit --help/--version, the COMMAND label and the examples' heading; those
        // that are also built alone (dev, test) keep their own.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Cdp.Version.class,
        header = "CDP Ingestion: collect events, run your JavaScript on them, land them in ClickHouse.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = HelpSections.EXAMPLES,
        subcommands = {
                ServerCommand.class,
                MigrateCommand.class,
                WorkspacesCommand.class,
                KeysCommand.class,
                EventsCommand.class,
                DevCommand.class,
                TestCommand.class,
                io.cdp.cli.functions.FunctionsCommand.class,
                DlqCommand.class,
                DashboardCommand.class,
                io.cdp.cli.bench.BenchCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {
                "  ./cdp dev up --with-server     start local services and the server",
                "  ./cdp server                   run the server with the built-in cdp.yml",
                "  ./cdp keys create --workspace demo --source web",
                "  ./cdp migrate up               create or update the database tables",
                "  ./cdp test                     start the services and run the test suite",
                "  ./cdp functions test fn.js --event e.json",
                "  ./cdp help migrate             help on one command",
        })
public class Cdp {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Cdp()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ClientErrors());
        ExitCodes.describeClientCommands(commandLine);
        return commandLine;
    }

    /** Version from the jar's manifest (set by Maven), "dev" when run from classes. */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cdp.class.getPackage().getImplementationVersion();
            return new String[] {"cdp " + (version == null ? "dev" : version)};
        }
    }
}
