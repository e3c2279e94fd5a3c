package io.cdp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "NAME", description = "Workspace name: letters, digits, '.', '_' or '-'.") String name;

        @Option(names = "--tier", paramLabel = "TIER", description = "default, pro or enterprise (default: default).")
        String tier;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode workspace = server.management().createWorkspace(name, tier);
            return output.print(workspace, out -> {
                out.printf("Created workspace %s (%s, tier %s).%n", workspace.path("name").asText(),
                        workspace.path("id").asText(), workspace.path("tier").asText());
                out.printf("Next: ./cdp keys create --workspace %s --source web%n", workspace.path("name").asText());
            });
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            header = "List workspaces.",
            footer = {"", "Examples:", "  ./cdp workspaces list", "  ./cdp workspaces list --json"})
    static class ListWorkspaces implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = server.management().workspaces();
            return output.print(answer, out -> {
                Table table = new Table("NAME", "ID", "TIER", "CREATED");
                for (JsonNode workspace : answer.path("workspaces")) {
                    table.row(workspace.path("name").asText(), workspace.path("id").asText(),
                            workspace.path("tier").asText(), workspace.path("created_at").asText());
                }
                table.print(out);
            });
        }
    }
}
