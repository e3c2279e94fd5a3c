package io.cdp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdp workspaces}: create and list workspaces through the management API. */
@Command(
        name = "workspaces",
        mixinStandardHelpOptions = true,
        header = "Create and list workspaces (tenants with their own sources, keys and limits).",
        subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.ListWorkspaces.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Examples:", "  ./cdp workspaces create acme --tier pro", "  ./cdp workspaces list"})
public class WorkspacesCommand extends CommandGroup {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            header = "Create a workspace.",
            description = "The tier chooses the rate limits: default (100 events/s, 1M/day), pro (500/s, 10M/day),"
                    + " enterprise (own limits).",
            footer = {"", "Examples:", "  ./cdp workspaces create acme", "  ./cdp workspaces create acme --tier pro",
                    "  ./cdp workspaces create acme --json"})
    static class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions server;

        @Parameters(paramLabel = "NAME", description = "Workspace name: letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--tier", paramLabel = "TIER", description = "default, pro or enterprise (default: default).")
        String tier;

        @Option(names = "--json", description = "Print the server's JSON answer.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode workspace = server.management().createWorkspace(name, tier);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(workspace.toPrettyString());
            } else {
                out.printf("Created workspace %s (%s, tier %s).%n", workspace.path("name").asText(),
                        workspace.path("id").asText(), workspace.path("tier").asText());
                out.printf("Next: ./cdp keys create --workspace %s --source web%n", workspace.path("name").asText());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            header = "List workspaces.",
            footer = {"", "Examples:", "  ./cdp workspaces list", "  ./cdp workspaces list --json"})
    static class ListWorkspaces implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions server;

        @Option(names = "--json", description = "Print the server's JSON answer.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = server.management().workspaces();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toPrettyString());
                out.flush();
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "ID", "TIER", "CREATED");
            for (JsonNode workspace : answer.path("workspaces")) {
                table.row(workspace.path("name").asText(), workspace.path("id").asText(),
                        workspace.path("tier").asText(), workspace.path("created_at").asText());
            }
            table.print(out);
            return ExitCodes.OK;
        }
    }
}
