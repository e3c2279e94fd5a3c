package io.cdp.cli;

import io.cdp.cli.command.WorkspaceOptions;
import io.cdp.cli.command.Table;
import io.cdp.cli.command.TimeWindow;
import io.cdp.cli.command.ServerOptions;
import io.cdp.cli.command.JsonOutput;
import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.CommandGroup;
import io.cdp.cli.dlq.ReplayDryRun;
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
        header = "List, show and replay dead letters (events that could not be processed).",
        description = "Every event the pipeline could not process lands on the dead-letter topic with the reason"
                + " and, where one is to blame, the field. Replay sends a copy of a rotor or bulker letter to the retry"
                + " topic (the rotor runs the functions again, then the bulker writes), and puts an ingest letter"
                + " through ingest's checks again (validation, timestamps, schema) before it goes on; the"
                + " dead-letter topic itself never changes.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class},
        footer = {"  ./cdp dlq list", "  ./cdp dlq list --workspace acme --reason schema_conflict",
                "  ./cdp dlq list --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z --all",
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

        @Mixin TimeWindow window;

        boolean any() {
            return workspace.value() != null || stage != null || reason != null || window.any();
        }
    }

    @Command(
            name = "list",
            header = "List dead letters, newest first, a page at a time.",
            description = "Shows the newest page (--limit letters). Every letter Kafka keeps is reachable:"
                    + " narrow by time with --since/--until, go on from where a page ended with the --cursor it"
                    + " prints, or walk every page with --all.",
            footer = {"  ./cdp dlq list", "  ./cdp dlq list --stage bulker --limit 10",
                    "  ./cdp dlq list --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z",
                    "  ./cdp dlq list --limit 1000 --cursor 0-1234,1-99,2-5000",
                    "  ./cdp dlq list --all --reason function_error", "  ./cdp dlq list --workspace acme --json"})
    static class ListLetters implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;
        @Mixin Filter filter;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N",
                description = "At most N letters a page (default ${DEFAULT-VALUE}, at most 10000).")
        int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR",
                description = "Start where a previous page ended (the cursor it printed; same filters).")
        String cursor;

        @Option(names = "--all", description = "Every matching letter: walk all pages, one after the other.")
        boolean all;

        @Mixin JsonOutput output;

        @Override
        public Integer call() throws Exception {
            if (all && cursor != null) {
                throw new ParameterException(spec.commandLine(), "--all starts at the newest letter; drop --cursor.");
            }
            String next = cursor;
            int pages = 0;
            int letters = 0;
            do {
                JsonNode answer = server.management().deadLetters(filter.workspace.value(), filter.stage,
                        filter.reason, filter.window.sinceText(), filter.window.untilText(), limit, next);
                JsonNode page = answer.path("dead_letters");
                next = answer.path("next").isTextual() ? answer.path("next").asText() : null;
                pages++;
                letters += page.size();
                boolean first = pages == 1;
                String following = next;
                output.print(answer, out -> printPage(out, page, first, following));
            } while (all && next != null);
            if (!output.json()) {
                PrintWriter out = spec.commandLine().getOut();
                if (letters > 0) {
                    out.println(letters + " letter(s)" + (all ? " in " + pages + " page(s)" : "")
                            + ". Details: ./cdp dlq show ID. Replay: ./cdp dlq replay ID...");
                }
                if (!all && next != null) {
                    out.println("More letters: add --cursor " + next + " (same filters), or --all for every page.");
                }
                out.flush();
            }
            return ExitCodes.OK;
        }

        private void printPage(PrintWriter out, JsonNode letters, boolean first, String next) {
            if (letters.isEmpty()) {
                if (first) {
                    out.println("No dead letters" + (filter.any() ? " match these filters." : "."));
                }
                return;
            }
            new Table("ID", "FAILED AT", "STAGE", "REASON", "FIELD", "MESSAGE ID", "ERROR").rows(letters, entry -> {
                JsonNode letter = entry.path("letter");
                return new String[] {entry.path("id").asText(), letter.path("failed_at").asText(),
                        letter.path("stage").asText(), letter.path("reason").asText(),
                        letter.path("field").asText("-"), letter.path("message_id").asText("-"),
                        shorten(letter.path("error").asText(""), 60)};
            }).print(out);
        }
    }

    @Command(
            name = "show",
            header = "Show one dead letter whole: reason, field, error, stack and the event.",
            footer = {"  ./cdp dlq show 0-42", "  ./cdp dlq show 0-42 | jq .letter.payload"})
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
            header = "Replay dead letters: send their events through the pipeline again.",
            description = {"Replay after fixing the cause (a function, a schema). Rotor and bulker letters go to the"
                    + " retry topic; ingest letters meet ingest's checks again, and one ingest still refuses is"
                    + " listed as skipped with the reason. Replaying twice is harmless: destinations keep one row"
                    + " per message id.",
                    "--dry-run sends nothing: it shows each letter's event as it would go back, and with --function"
                    + " what that local file makes of it (as `cdp functions test` shows it)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:replayed (or, with --dry-run, every event ran through --function)",
                    "1:with --dry-run --function: the function failed on an event",
                    "2:invalid command line or function file"},
            footer = {"  ./cdp dlq replay 0-42", "  ./cdp dlq replay 0-42 1-7 2-3",
                    "  ./cdp dlq replay 0-42 --dry-run",
                    "  ./cdp dlq replay --all --reason function_error --dry-run --function fixed.js",
                    "  ./cdp dlq replay --all --workspace acme --reason function_error",
                    "  ./cdp dlq replay --all --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z"})
    static class Replay implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ServerOptions server;
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids of the letters to replay.") List<String> ids;

        @Option(names = "--all", description = "Replay every letter matching the filters instead of naming ids"
                + " (a page of --page-size letters at a time, with a progress line per page).")
        boolean all;

        @Option(names = "--page-size", defaultValue = "1000", paramLabel = "N",
                description = "With --all: letters replayed per request (default ${DEFAULT-VALUE}, at most 10000).")
        int pageSize;

        @Mixin Filter filter;

        @Option(names = "--dry-run", description = "Send nothing: show what each letter would become.")
        boolean dryRun;

        @Option(names = "--function", paramLabel = "FILE.js",
                description = "With --dry-run: run each letter's event through this local function file.")
        java.nio.file.Path function;

        @Override
        public Integer call() throws Exception {
            boolean named = ids != null && !ids.isEmpty();
            if (named == all) {
                throw new ParameterException(spec.commandLine(),
                        "Name the letters to replay (ids from `cdp dlq list`) or pass --all, not both.");
            }
            if (named && filter.any()) {
                throw new ParameterException(spec.commandLine(),
                        "--workspace, --stage, --reason, --since and --until go with --all only.");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (function != null && !dryRun) {
                throw new ParameterException(spec.commandLine(), "--function goes with --dry-run: add --dry-run.");
            }
            if (dryRun) {
                ReplayDryRun.Selection selection = named ? ReplayDryRun.Selection.of(ids)
                        : new ReplayDryRun.Selection(null, filter.workspace.value(), filter.stage, filter.reason,
                                filter.window.sinceText(), filter.window.untilText(), pageSize);
                return ReplayDryRun.run(server.management(), selection, function, out, spec.commandLine().getErr());
            }
            if (named) {
                JsonNode result = server.management().replay(ids);
                out.println("Replayed " + result.path("replayed").asInt() + " letter(s).");
                printSkipped(out, result);
                out.flush();
                return ExitCodes.OK;
            }
            int replayed = 0;
            int skipped = 0;
            int pages = 0;
            String next = null;
            do {
                JsonNode result = server.management().replayAll(filter.workspace.value(), filter.stage, filter.reason,
                        filter.window.sinceText(), filter.window.untilText(), pageSize, next);
                next = result.path("next").isTextual() ? result.path("next").asText() : null;
                replayed += result.path("replayed").asInt();
                skipped += result.path("skipped").size();
                pages++;
                printSkipped(out, result);
                if (next != null) {
                    out.println("... page " + pages + ": " + replayed + " replayed, " + skipped + " skipped so far");
                    out.flush();
                }
            } while (next != null);
            out.println("Replayed " + replayed + " letter(s)"
                    + (pages > 1 ? " (" + pages + " pages)" : "") + (skipped > 0 ? "; skipped " + skipped : "") + ".");
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void printSkipped(PrintWriter out, JsonNode result) {
        for (JsonNode skipped : result.path("skipped")) {
            out.println("Skipped " + skipped.path("id").asText() + ": " + skipped.path("reason").asText());
        }
    }

    private static String shorten(String text, int max) {
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
