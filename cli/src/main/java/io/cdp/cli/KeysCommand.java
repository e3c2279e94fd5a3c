package io.cdp.cli;

import io.cdp.cli.command.WorkspaceOptions;
import io.cdp.cli.command.Table;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.JsonOutput;
import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.CommandGroup;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdp keys}: create, list and revoke write keys through the management API. */
@Command(
        name = "keys",
        header = "Create, list and revoke write keys (what clients send events with).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class},
        footer = {"  ./cdp keys create --workspace acme --source web", "  ./cdp keys list",
                "  ./cdp keys revoke key_3k9x0q7m2b8c1d4e"})
public class KeysCommand extends CommandGroup {

    @Command(
            name = "create",
            header = "Create a write key for a source (the source is created if missing).",
            description = "The key is printed this once (with --json, under \"key\"): only its hash is stored. Store it"
                    + " where your client reads it.",
            footer = {"  ./cdp keys create --workspace acme --source web",
                    "  KEY=$(./cdp keys create --workspace acme --source web --json | jq -r .key)"})
    static class Create implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin WorkspaceOptions.Required workspace;

        @Option(names = "--source", required = true, paramLabel = "NAME",
                description = "Source name or id; created (type s2s) when the workspace has none of that name.")
        String source;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode key = server.management().createKey(workspace.value(), source, true);
            return output.print(key, out -> {
                out.printf("Created write key %s for source %s of workspace %s.%n", key.path("id").asText(),
                        key.path("source_name").asText(), key.path("workspace_name").asText());
                out.println("Key (shown only now, store it): " + key.path("key").asText());
                out.println("It is id:secret: the id (" + key.path("id").asText() + ") is public, the secret is not."
                        + " Segment, RudderStack and Jitsu libraries take it whole as their write key.");
                out.println("Send a first event:");
                out.println("  ./cdp events send --key " + key.path("key").asText()
                        + " --type track --event \"Signed Up\"");
            });
        }
    }

    @Command(
            name = "list",
            header = "List write keys (masked).",
            footer = {"  ./cdp keys list", "  ./cdp keys list --workspace acme --json"})
    static class ListKeys implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin WorkspaceOptions.Filter workspace;
        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = server.management().keys(workspace.value());
            return output.print(answer, new Table("ID", "KEY", "WORKSPACE", "SOURCE", "CREATED", "REVOKED")
                    .rows(answer.path("keys"), key -> new String[] {key.path("id").asText(),
                            key.path("masked").asText(), key.path("workspace_name").asText(),
                            key.path("source_name").asText(), key.path("created_at").asText(),
                            key.path("revoked_at").asText("-")})::print);
        }
    }

    @Command(
            name = "revoke",
            header = "Revoke a write key: every ingest server refuses it at once.",
            footer = {"  ./cdp keys revoke key_3k9x0q7m2b8c1d4e"})
    static class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "KEY_ID", description = "The key's id, as `cdp keys list` shows it.") String id;

        @Override
        public Integer call() throws Exception {
            JsonNode key = server.management().revokeKey(id);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Revoked %s (%s) of source %s, workspace %s.%n", key.path("id").asText(),
                    key.path("masked").asText(), key.path("source_name").asText(), key.path("workspace_name").asText());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
