package io.cdp.cli;

import io.cdp.cli.command.Table;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.JsonOutput;
import io.cdp.cli.command.CommandGroup;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdp workspaces}: create and list workspaces through the management API. */
@Command(
        name = "workspaces",
        header = "Create and list workspaces (tenants with their own sources, keys and limits).",
        subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.ListWorkspaces.class,
                WorkspacesCommand.Origins.class},
        footer = {"  ./cdp workspaces create acme --tier pro", "  ./cdp workspaces list",
                "  ./cdp workspaces origins acme web https://shop.example.com"})
public class WorkspacesCommand extends CommandGroup {

    @Command(
            name = "create",
            header = "Create a workspace.",
            description = "The tier chooses the rate limits: default (100 events/s, 1M/day), pro (500/s, 10M/day),"
                    + " enterprise (own limits).",
            footer = {"  ./cdp workspaces create acme", "  ./cdp workspaces create acme --tier pro",
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
            header = "List workspaces.",
            footer = {"  ./cdp workspaces list", "  ./cdp workspaces list --json"})
    static class ListWorkspaces implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = server.management().workspaces();
            return output.print(answer, new Table("NAME", "ID", "TIER", "CREATED").rows(answer.path("workspaces"),
                    workspace -> new String[] {workspace.path("name").asText(), workspace.path("id").asText(),
                            workspace.path("tier").asText(), workspace.path("created_at").asText()})::print);
        }
    }

    @Command(
            name = "origins",
            header = "Set the web origins a source accepts browser events from (CORS).",
            description = "By default any origin may send events with a source's key, as with Segment. Listing"
                    + " origins limits browser requests (those with an Origin header) to them; server SDKs are"
                    + " not affected. https://*.example.com allows every subdomain.",
            footer = {"  ./cdp workspaces origins acme web https://shop.example.com https://*.example.org",
                    "  ./cdp workspaces origins acme web --any"})
    static class Origins implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions server;

        @Parameters(index = "0", paramLabel = "WORKSPACE", description = "Workspace name or id.")
        String workspace;

        @Parameters(index = "1", paramLabel = "SOURCE", description = "Source name or id.")
        String source;

        @Parameters(index = "2..*", paramLabel = "ORIGIN", description = "scheme://host[:port] entries.")
        List<String> origins = new ArrayList<>();

        @Option(names = "--any", description = "Accept any origin again (the default).")
        boolean any;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() throws Exception {
            if (any == !origins.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give either ORIGIN entries or --any");
            }
            JsonNode updated = server.management().setAllowedOrigins(workspace, source, any ? List.of() : origins);
            return output.print(updated, out -> {
                if (updated.path("allowed_origins").isEmpty()) {
                    out.printf("Source %s accepts browser events from any origin.%n", updated.path("name").asText());
                } else {
                    List<String> allowed = new ArrayList<>();
                    updated.path("allowed_origins").forEach(origin -> allowed.add(origin.asText()));
                    out.printf("Source %s accepts browser events from %s.%n", updated.path("name").asText(),
                            String.join(", ", allowed));
                }
            });
        }
    }
}
