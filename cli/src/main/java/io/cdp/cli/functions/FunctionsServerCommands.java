package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.cli.command.JsonOutput;
import io.cdp.cli.command.OptionChecks;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.Table;
import io.cdp.cli.command.WorkspaceOptions;
import io.cdp.client.ApiException;
import io.cdp.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code cdp functions} commands that talk to the server: deploy, list, logs. */
public final class FunctionsServerCommands {
    private FunctionsServerCommands() {
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Command(
            name = "deploy",
            header = "Deploy a function to a workspace (a new name creates it, a known one gets a new version).",
            description = "The server compiles the code in the rotor's runtime first and refuses it with the error"
                    + " (exit 1) when it does not compile. With --source the function is attached to that source's"
                    + " chain (at --position, else at the end); the rotor picks up the change within seconds.",
            footer = {"  ./cdp functions deploy functions-sdk/examples/drop-bots.js \\",
                    "      --workspace acme --name drop-bots --source web",
                    "  ./cdp functions deploy clean.js --workspace acme --source web --position 1",
                    "  ./cdp functions deploy enrich.js --workspace acme --props enrich-props.json",
                    "  ./cdp functions deploy clean.js --workspace acme  # new version, same sources"})
    public static class Deploy implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "FUNCTION.js", description = "The function file.") Path file;
        @Mixin WorkspaceOptions.Required workspace;

        @Option(names = "--name", paramLabel = "NAME", description = "Function name (default: the file name without .js).")
        String name;

        @Option(names = "--source", paramLabel = "NAME", description = "Attach to this source of the workspace.")
        String source;

        Integer position;

        @Option(names = "--position", paramLabel = "N", description = "Position in the source's chain (1 = first).")
        void position(int value) {
            position = OptionChecks.atLeast(spec, "--position", value, 1);
        }

        @Option(names = "--props", paramLabel = "FILE",
                description = "ctx.props of the function, a JSON object (a deploy without it sets {}).")
        Path props;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            String code;
            JsonNode propsJson;
            try {
                code = LocalInputs.text(file, "function file");
                propsJson = props == null ? null : LocalInputs.object(props, "props file");
            } catch (LocalInputs.BadInputException e) {
                err.println("cdp: " + e.getMessage());
                err.flush();
                return FunctionsTestCommand.BAD_INPUT;
            }
            String functionName = name != null ? name : file.getFileName().toString().replaceAll("\\.m?js$", "");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("workspace", workspace.value());
            body.put("name", functionName);
            body.put("code", code);
            if (source != null) {
                body.put("source", source);
            }
            if (position != null) {
                body.put("position", position);
            }
            if (propsJson != null) {
                body.put("props", propsJson);
            }
            JsonNode answer = server.management().post("/functions", body);
            return output.print(answer, out -> {
                JsonNode function = answer.path("function");
                out.printf(answer.path("changed").asBoolean()
                                ? "Deployed %s version %d (%s) to workspace %s.%n"
                                : "%s is unchanged: the server already has this code as version %d (%s) in workspace %s.%n",
                        function.path("name").asText(), function.path("version").asInt(), function.path("id").asText(),
                        workspace.value());
                JsonNode attachment = answer.path("attachment");
                if (!attachment.isMissingNode()) {
                    out.printf("Attached to source %s at position %d.%n", attachment.path("source_name").asText(),
                            attachment.path("position").asInt());
                }
                out.println("Its logs: ./cdp functions logs " + function.path("name").asText() + " --workspace "
                        + workspace.value());
            });
        }
    }

    @Command(
            name = "list",
            header = "List deployed functions, their versions and the sources they are attached to.",
            footer = {"  ./cdp functions list", "  ./cdp functions list --workspace acme --json"})
    public static class ListFunctions implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin WorkspaceOptions.Filter workspace;
        @Mixin JsonOutput output;

        @Override
        public Integer call() throws ApiException, ServerUnreachableException {
            JsonNode answer = server.management().get(workspace.value() == null ? "/functions"
                    : "/functions?workspace=" + encode(workspace.value()));
            return output.print(answer, out -> {
                if (answer.path("functions").isEmpty()) {
                    out.println("No functions deployed yet. Deploy one: ./cdp functions deploy FILE.js --workspace NAME"
                            + " --source NAME");
                    return;
                }
                new Table("NAME", "VERSION", "WORKSPACE", "SOURCES (position)", "UPDATED", "ID")
                        .rows(answer.path("functions"), function -> new String[] {function.path("name").asText(),
                                "v" + function.path("version").asInt(), function.path("workspace_name").asText(),
                                sources(function), function.path("updated_at").asText(),
                                function.path("id").asText()})
                        .print(out);
            });
        }

        /** "web (1), app (2)": the sources a function is attached to, at their positions; "-" for none. */
        private static String sources(JsonNode function) {
            List<String> sources = new ArrayList<>();
            function.path("sources").forEach(source -> sources.add(source.path("source_name").asText()
                    + " (" + source.path("position").asInt() + ")"));
            return sources.isEmpty() ? "-" : String.join(", ", sources);
        }
    }

    @Command(
            name = "logs",
            header = "Show a function's recent logs: its log lines, fetch calls and errors, with message ids.",
            description = "The function is looked up in every workspace: --workspace picks one when several have a"
                    + " function of that name.",
            footer = {"  ./cdp functions logs drop-bots", "  ./cdp functions logs enrich --workspace acme -n 20"})
    public static class Logs implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "NAME", description = "Function name or id.") String function;
        @Mixin WorkspaceOptions.Filter workspace;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "How many entries (default: ${DEFAULT-VALUE}).")
        int lines;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws ApiException, ServerUnreachableException {
            String path = "/functions/" + encode(function) + "/logs?limit=" + lines
                    + (workspace.value() == null ? "" : "&workspace=" + encode(workspace.value()));
            JsonNode answer = server.management().get(path);
            return output.print(answer, out -> {
                List<JsonNode> entries = new ArrayList<>();
                answer.path("logs").forEach(entries::add);
                if (entries.isEmpty()) {
                    out.println("No log entries for " + function + " yet: it logs when it runs on an event and calls "
                            + "ctx.log, fetches, or fails.");
                }
                for (int i = entries.size() - 1; i >= 0; i--) {
                    JsonNode entry = entries.get(i);
                    out.printf("%s %-5s %s  [message %s, v%d]%n", entry.path("at").asText(),
                            entry.path("level").asText(), entry.path("message").asText(),
                            entry.path("message_id").asText(), entry.path("version").asInt());
                }
            });
        }
    }
}
