package io.cdp.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.cli.functions.LocalFunctionSession;
import io.cdp.client.ApiException;
import io.cdp.client.ManagementClient;
import io.cdp.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cdp dlq replay --dry-run}: what a replay would do, with nothing sent. Reads the letters
 * (by id, or every page of those matching a filter), says for each whether it would go back to
 * the retry topic and with which event, and with a local function file, what that function makes
 * of each event, shown as {@code cdp functions test} shows it. Only reads the management API.
 */
public final class ReplayDryRun {
    private final ManagementClient management;
    private final PrintWriter out;
    private final LocalFunctionSession function;
    private int wouldReplay;
    private int wouldSkip;
    private int failures;

    /**
     * Runs the dry run of {@code selection}, through {@code functionFile} when not null; returns the
     * command's exit code: 0, 1 when the function failed on an event, 2 when the file is unusable.
     */
    public static int run(ManagementClient management, Selection selection, Path functionFile, PrintWriter out,
                          PrintWriter err) throws ApiException, ServerUnreachableException {
        LocalFunctionSession session = null;
        if (functionFile != null) {
            try {
                session = LocalFunctionSession.open(functionFile);
            } catch (IllegalArgumentException unusable) {
                err.println("cdp: " + unusable.getMessage());
                err.flush();
                return 2;
            }
        }
        try {
            ReplayDryRun dryRun = new ReplayDryRun(management, out, session);
            Summary summary = selection.ids() != null ? dryRun.letters(selection.ids())
                    : dryRun.matching(selection.workspace(), selection.stage(), selection.reason(), selection.since(),
                            selection.until(), selection.pageSize());
            return summary.functionFailures() > 0 ? 1 : 0;
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /** Which letters: {@code ids}, or (ids null) those matching the filter, read {@code pageSize} at a time. */
    public record Selection(List<String> ids, String workspace, String stage, String reason, String since,
                            String until, int pageSize) {
        public static Selection of(List<String> ids) {
            return new Selection(ids, null, null, null, null, null, 0);
        }
    }

    /** @param function the fixed function to run each event through, or null to show the events as they are */
    public ReplayDryRun(ManagementClient management, PrintWriter out, LocalFunctionSession function) {
        this.management = management;
        this.out = out;
        this.function = function;
    }

    /** The named letters. */
    public Summary letters(List<String> ids) throws ApiException, ServerUnreachableException {
        for (String id : ids) {
            letter(management.deadLetter(id));
        }
        return summary();
    }

    /** Every letter matching the filter (each part may be null), a page at a time, newest first. */
    public Summary matching(String workspace, String stage, String reason, String since, String until, int pageSize)
            throws ApiException, ServerUnreachableException {
        String cursor = null;
        do {
            JsonNode page = management.deadLetters(workspace, stage, reason, since, until, pageSize, cursor);
            page.path("dead_letters").forEach(this::letter);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return summary();
    }

    private void letter(JsonNode entry) {
        JsonNode letter = entry.path("letter");
        out.printf("%s  %s %s  message %s  workspace %s%n", entry.path("id").asText(), letter.path("stage").asText(),
                letter.path("reason").asText(), letter.path("message_id").asText("-"),
                letter.path("workspace_id").asText("-"));
        if (!(letter.get("payload") instanceof ObjectNode event)) {
            wouldSkip++;
            out.println("  would be skipped: the letter carries no event");
            return;
        }
        wouldReplay++;
        if (function == null) {
            out.println("  would go to the retry topic as: " + event);
            return;
        }
        out.println("  through " + function.fileName() + ":");
        LocalFunctionSession.Report report = function.report(event, wouldReplay);
        if (report.result().failed()) {
            failures++;
        }
        report.lines().forEach(line -> out.println("    " + line));
    }

    private Summary summary() {
        out.printf("Dry run: %d letter(s) would be replayed, %d skipped%s; nothing was sent.%n", wouldReplay, wouldSkip,
                function == null ? "" : ", " + failures + " failed in " + function.fileName());
        out.flush();
        return new Summary(wouldReplay, wouldSkip, failures);
    }

    /** What the dry run found. */
    public record Summary(int wouldReplay, int skipped, int functionFailures) {
    }
}
