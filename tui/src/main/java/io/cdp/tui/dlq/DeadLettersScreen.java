package io.cdp.tui.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cdp.tui.screen.Canvas;
import io.cdp.tui.screen.LocalFunctions;
import io.cdp.tui.screen.ScreenContext;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.Selection;
import io.cdp.tui.screen.ServerJson;
import static io.cdp.tui.screen.Text.blankToNull;
import static io.cdp.tui.screen.Text.orEmpty;
import static io.cdp.tui.screen.Text.star;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Screen 3: dead letters, newest first, filtered by workspace, stage, reason and time range;
 * a letter's error and payload; replay of one, of the marked ones, or of all matching; and a
 * dry run of a replay through a local function file (nothing sent).
 */
public final class DeadLettersScreen implements Screen {
    static final int LIMIT = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Pattern AGO = Pattern.compile("(\\d+)([mhd])");

    private List<DeadLetterRow> letters = List.of();
    private final Set<String> marked = new LinkedHashSet<>();
    private final Selection selection = new Selection();
    private Filter filter = Filter.NONE;
    /** Where the page on screen starts (null: the newest letter) and where the next, older one does. */
    private String cursor;
    private String next;
    private int page = 1;

    /** Which letters are listed; each part may be null. */
    record Filter(String workspace, String stage, String reason, String since, String until) {
        static final Filter NONE = new Filter(null, null, null, null, null);

        String describe() {
            return "workspace=" + star(workspace) + " stage=" + star(stage) + " reason=" + star(reason) + " since="
                    + star(since) + " until=" + star(until);
        }
    }

    @Override
    public String title() {
        return "Dead letters";
    }

    @Override
    public void refresh(ScreenContext context) {
        try {
            JsonNode answer = context.console().management().deadLetters(filter.workspace(), filter.stage(),
                    filter.reason(), filter.since(), filter.until(), LIMIT, cursor);
            next = answer.path("next").isTextual() ? answer.path("next").asText() : null;
            List<DeadLetterRow> read = new ArrayList<>();
            for (JsonNode entry : answer.path("dead_letters")) {
                read.add(ServerJson.MAPPER.treeToValue(entry, DeadLetterRow.class));
            }
            letters = read;
            selection.clamp(letters.size());
        } catch (Exception e) {
            context.failed("reading the dead letters", e);
        }
    }

    @Override
    public boolean handle(KeyStroke key, ScreenContext context) {
        switch (key.getKeyType()) {
            case ArrowDown, ArrowUp -> {
                selection.move(key.getKeyType() == KeyType.ArrowDown ? 1 : -1, letters.size());
                return true;
            }
            case Enter -> {
                if (!letters.isEmpty()) {
                    show(letters.get(selection.index()), context);
                }
                return true;
            }
            case Character -> {
                return character(key.getCharacter(), context);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean character(char key, ScreenContext context) {
        switch (key) {
            case ' ' -> {
                if (!letters.isEmpty()) {
                    String id = letters.get(selection.index()).id();
                    if (!marked.remove(id)) {
                        marked.add(id);
                    }
                    selection.move(1, letters.size());
                }
            }
            case 'r' -> replayChosen(context);
            case 'a' -> context.confirm("Replay ALL letters matching " + filter.describe() + "? (y/n) ",
                    () -> replayAll(context));
            case 'd' -> context.ask("Dry run through function file (empty: no function, just the events): ", "",
                    file -> dryRun(file, context));
            case 'w' -> context.ask("Workspace (empty for all): ", orEmpty(filter.workspace()), value ->
                    filter(new Filter(value, filter.stage(), filter.reason(), filter.since(), filter.until()), context));
            case 's' -> context.ask("Stage: ingest, rotor or bulker (empty for all): ", orEmpty(filter.stage()), value ->
                    filter(new Filter(filter.workspace(), value, filter.reason(), filter.since(), filter.until()), context));
            case 'e' -> context.ask("Reason, e.g. schema_conflict, function_error (empty for all): ",
                    orEmpty(filter.reason()), value -> filter(new Filter(filter.workspace(), filter.stage(), value,
                            filter.since(), filter.until()), context));
            case '<' -> context.ask("Since (2026-12-01T00:00:00Z, or 30m / 2h / 1d ago; empty for any): ",
                    orEmpty(filter.since()), value -> filter(new Filter(filter.workspace(), filter.stage(),
                            filter.reason(), time(value, Instant.now()), filter.until()), context));
            case '>' -> context.ask("Until (2026-12-02T00:00:00Z, or 30m / 2h / 1d ago; empty for any): ",
                    orEmpty(filter.until()), value -> filter(new Filter(filter.workspace(), filter.stage(),
                            filter.reason(), filter.since(), time(value, Instant.now())), context));
            case 'c' -> filter(Filter.NONE, context);
            case 'n' -> {
                if (next == null) {
                    context.status("This is the last page: no older letters match.");
                } else {
                    cursor = next;
                    page++;
                    selection.select(0, 0);
                    refresh(context);
                }
            }
            case 'b' -> {
                cursor = null;
                page = 1;
                selection.select(0, 0);
                refresh(context);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** "30m", "2h", "1d": that long before {@code now}; anything else as typed (the server checks it). */
    static String time(String typed, Instant now) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        Matcher ago = AGO.matcher(typed.strip());
        if (!ago.matches()) {
            return typed.strip();
        }
        long amount = Long.parseLong(ago.group(1));
        Duration span = switch (ago.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return now.minus(span).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void filter(Filter next, ScreenContext context) {
        filter = new Filter(blankToNull(next.workspace()), blankToNull(next.stage()), blankToNull(next.reason()),
                blankToNull(next.since()), blankToNull(next.until()));
        marked.clear();
        cursor = null;
        page = 1;
        selection.select(0, 0);
        refresh(context);
    }

    /** The marked letters, or the selected one when none is marked. */
    private List<DeadLetterRow> chosen() {
        if (!marked.isEmpty()) {
            return letters.stream().filter(letter -> marked.contains(letter.id())).toList();
        }
        return letters.isEmpty() ? List.of() : List.of(letters.get(selection.index()));
    }

    private void replayChosen(ScreenContext context) {
        List<String> ids = chosen().stream().map(DeadLetterRow::id).toList();
        if (ids.isEmpty()) {
            context.status("Nothing to replay: no letter is listed.");
            return;
        }
        context.confirm("Replay " + (ids.size() == 1 ? ids.get(0) : ids.size() + " marked letters")
                + " to the retry topic? (y/n) ", () -> {
                    try {
                        JsonNode result = context.console().management().replay(ids);
                        context.status("Replayed " + result.path("replayed").asInt() + " letter(s) to the retry topic"
                                + skipped(result) + ".");
                        marked.clear();
                    } catch (Exception e) {
                        context.failed("replaying", e);
                    }
                });
    }

    private void replayAll(ScreenContext context) {
        int replayed = 0;
        String cursor = null;
        try {
            do {
                JsonNode result = context.console().management().replayAll(filter.workspace(), filter.stage(),
                        filter.reason(), filter.since(), filter.until(), null, cursor);
                replayed += result.path("replayed").asInt();
                cursor = result.path("next").isTextual() ? result.path("next").asText() : null;
            } while (cursor != null);
            context.status("Replayed " + replayed + " matching letter(s) to the retry topic.");
        } catch (Exception e) {
            context.failed("replaying all matching letters (" + replayed + " replayed before the error)", e);
        }
    }

    private void dryRun(String file, ScreenContext context) {
        List<DeadLetterRow> chosen = marked.isEmpty() ? letters : chosen();
        List<String> lines = new ArrayList<>();
        List<ObjectNode> events = new ArrayList<>();
        List<DeadLetterRow> withEvents = new ArrayList<>();
        for (DeadLetterRow letter : chosen) {
            if (letter.letter().payload() instanceof ObjectNode event) {
                events.add(event);
                withEvents.add(letter);
            }
        }
        LocalFunctions.Runs runs = null;
        if (!file.isBlank()) {
            try {
                runs = context.functions().run(Path.of(file.strip()), events);
            } catch (IllegalArgumentException unusable) {
                context.status("Dry run not started: " + unusable.getMessage());
                return;
            }
        }
        for (DeadLetterRow letter : chosen) {
            lines.add(letter.id() + "  " + letter.letter().stage() + " " + letter.letter().reason() + "  message "
                    + orEmpty(letter.letter().messageId()));
            int index = withEvents.indexOf(letter);
            if (index < 0) {
                lines.add("  would be skipped: the letter carries no event");
            } else if (runs == null) {
                lines.add("  would go to the retry topic as: " + events.get(index));
            } else {
                lines.add("  through " + Path.of(file.strip()).getFileName() + ":");
                runs.lines().get(index).forEach(line -> lines.add("    " + line));
            }
        }
        lines.add("");
        lines.add("Dry run: " + events.size() + " letter(s) would be replayed, " + (chosen.size() - events.size())
                + " skipped" + (runs == null ? "" : ", " + runs.failures() + " failed")
                + "; nothing was sent.");
        context.show("Dry run of " + (marked.isEmpty() ? "the " + chosen.size() + " listed" : chosen.size() + " marked")
                + " letter(s)", lines);
    }

    private void show(DeadLetterRow row, ScreenContext context) {
        DeadLetterRow.Letter letter = row.letter();
        List<String> lines = new ArrayList<>();
        lines.add("stage " + letter.stage() + "  reason " + letter.reason() + (letter.field() == null ? ""
                : "  field " + letter.field()));
        lines.add("workspace " + orEmpty(letter.workspaceId()) + "  message " + orEmpty(letter.messageId())
                + (letter.functionId() == null ? "" : "  function " + letter.functionId()));
        lines.add("failed at " + (letter.failedAt() == null ? "?" : letter.failedAt().toString()));
        lines.add("");
        lines.add("error:");
        lines.addAll(List.of(orEmpty(letter.error()).split("\\R")));
        lines.add("");
        lines.add("payload:");
        lines.addAll(letter.payload() == null ? List.of("(none)") : List.of(letter.payload().toPrettyString().split("\\R")));
        context.show("Dead letter " + row.id(), lines);
    }

    @Override
    public void draw(Canvas canvas) {
        canvas.line("Filter: " + filter.describe());
        if (letters.isEmpty()) {
            canvas.line(filter.equals(Filter.NONE) ? "No dead letters. Everything that came in was processed."
                    : "No dead letters match the filter (c clears it).");
            return;
        }
        canvas.bold(String.format(Locale.ROOT, "  %-9s %-14s %-6s %-16s %s", "id", "failed (UTC)", "stage", "reason",
                "error"));
        int visible = Math.max(1, canvas.rowsLeft() - 4);
        int first = selection.firstVisible(visible, letters.size());
        for (int i = first; i < Math.min(letters.size(), first + visible); i++) {
            DeadLetterRow row = letters.get(i);
            String line = String.format(Locale.ROOT, "%s %-9s %-14s %-6s %-16s %s", marked.contains(row.id()) ? "*" : " ",
                    row.id(), row.letter().failedAt() == null ? "" : TIME.format(row.letter().failedAt()),
                    orEmpty(row.letter().stage()), orEmpty(row.letter().reason()),
                    orEmpty(row.letter().error()).replace('\n', ' '));
            if (i == selection.index()) {
                canvas.selected(line);
            } else {
                canvas.line(line);
            }
        }
        DeadLetterRow chosen = letters.get(selection.index());
        canvas.bold(letters.size() + " listed" + (page > 1 || next != null ? " (page " + page + (next != null
                ? ", n: older" : "") + (page > 1 ? ", b: newest" : "") + ")" : "")
                + (marked.isEmpty() ? "" : ", " + marked.size() + " marked") + ". Selected " + chosen.id()
                + (chosen.letter().field() == null ? "" : " field " + chosen.letter().field()));
        canvas.wrap("payload: " + (chosen.letter().payload() == null ? "(none)" : chosen.letter().payload().toString()), 3);
    }

    @Override
    public String keys() {
        return "Up/Dn Enter Spc:mark r:replay a:all d:dry-run w/s/e/</>:filter c n/b:page";
    }

    List<DeadLetterRow> letters() {
        return letters;
    }

    private static String skipped(JsonNode result) {
        return result.path("skipped").isEmpty() ? "" : "; skipped " + result.path("skipped").size();
    }
}
