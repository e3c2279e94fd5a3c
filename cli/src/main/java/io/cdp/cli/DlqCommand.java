package io.cdp.cli;

import io.cdp.cli.command.WorkspaceOptions;
import io.cdp.cli.command.Table;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.JsonOutput;
import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.CommandGroup;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdp dlq}: look at dead letters and replay them through the management API. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        header = "List, show and replay dead letters (events that could not be processed).",
        description = "Every event the pipeline could not process lands on the dead-letter topic with the reason"
                + " and, where one is to blame, the field. Replay sends a copy to the retry topic (the rotor runs"
                + " the functions again, then the bulker writes); the dead-letter topic itself never changes.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Examples:", "  ./cdp dlq list", "  ./cdp dlq list --workspace acme --reason schema_conflict",
                "  ./cdp dlq show 0-42", "  ./cdp dlq replay 0-42 1-7", "  ./cdp dlq replay --all --stage rotor"})
public class DlqCommand extends CommandGroup {
    /** The filters shared by list and replay --all. */
    static class Filter {
        @Mixin WorkspaceOptions.Filter workspace;

        @Option(names = "--stage", paramLabel = "STAGE", description = "Only letters from ingest, rotor or bulker.")
        String stage;

        @Option(names = "--reason", paramLabel = "REASON",
                description = "Only this reason, e.g. schema_conflict, function_error, function_timeout, type_conflict.")
        String reason;

        boolean any() {
            return workspace.value() != null || stage != null || reason != null;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            header = "List the newest dead letters.",
            footer = {"", "Examples:", "  ./cdp dlq list", "  ./cdp dlq list --stage bulker --limit 10",
                    "  ./cdp dlq list --workspace acme --json"})
    static class ListLetters implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin Filter filter;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N letters (default ${DEFAULT-VALUE}).")
        int limit;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = server.management().deadLetters(filter.workspace.value(), filter.stage, filter.reason,
                    limit);
            return output.print(answer, out -> {
                JsonNode letters = answer.path("dead_letters");
                if (letters.isEmpty()) {
                    out.println("No dead letters" + (filter.any() ? " match these filters." : "."));
                    return;
                }
                Table table = new Table("ID", "FAILED AT", "STAGE", "REASON", "FIELD", "MESSAGE ID", "ERROR");
                for (JsonNode entry : letters) {
                    JsonNode letter = entry.path("letter");
                    table.row(entry.path("id").asText(), letter.path("failed_at").asText(),
                            letter.path("stage").asText(), letter.path("reason").asText(),
                            letter.path("field").asText("-"), letter.path("message_id").asText("-"),
                            shorten(letter.path("error").asText(""), 60));
                }
                table.print(out);
                out.println(letters.size() + " letter(s). Details: ./cdp dlq show ID. Replay: ./cdp dlq replay ID...");
            });
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            header = "Show one dead letter whole: reason, field, error, stack and the event.",
            footer = {"", "Examples:", "  ./cdp dlq show 0-42", "  ./cdp dlq show 0-42 | jq .letter.payload"})
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;

        @Parameters(paramLabel = "ID", description = "The letter's id, as `cdp dlq list` shows it (partition-offset).")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.println(server.management().deadLetter(id).toPrettyString());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            header = "Replay dead letters: send their events to the retry topic again.",
            description = "Replay after fixing the cause (a function, a schema). Replaying twice is harmless:"
                    + " destinations keep one row per message id.",
            footer = {"", "Examples:", "  ./cdp dlq replay 0-42", "  ./cdp dlq replay 0-42 1-7 2-3",
                    "  ./cdp dlq replay --all --workspace acme --reason function_error"})
    static class Replay implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids of the letters to replay.") List<String> ids;

        @Option(names = "--all", description = "Replay every letter matching the filters instead of naming ids.")
        boolean all;

        @Mixin Filter filter;

        @Override
        public Integer call() throws Exception {
            boolean named = ids != null && !ids.isEmpty();
            if (named == all) {
                throw new ParameterException(spec.commandLine(),
                        "Name the letters to replay (ids from `cdp dlq list`) or pass --all, not both.");
            }
            if (named && filter.any()) {
                throw new ParameterException(spec.commandLine(), "--workspace, --stage and --reason go with --all only.");
            }
            PrintWriter out = spec.commandLine().getOut();
            JsonNode result = named ? server.management().replay(ids)
                    : server.management().replayAll(filter.workspace.value(), filter.stage, filter.reason);
            out.println("Replayed " + result.path("replayed").asInt() + " letter(s) to the retry topic.");
            for (JsonNode skipped : result.path("skipped")) {
                out.println("Skipped " + skipped.path("id").asText() + ": " + skipped.path("reason").asText());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static String shorten(String text, int max) {
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
