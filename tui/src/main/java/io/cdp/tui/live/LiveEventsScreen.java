package io.cdp.tui.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cdp.client.ConsoleClient;
import io.cdp.tui.screen.Canvas;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.ScreenContext;
import io.cdp.tui.screen.Selection;
import static io.cdp.tui.screen.Text.blankToNull;
import static io.cdp.tui.screen.Text.orEmpty;
import static io.cdp.tui.screen.Text.star;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * Screen 2: the events arriving now with ingest's verdict on each, newest first, from the
 * server's sampled ring of recent verdicts ({@code GET /api/v1/events/live}; watching is what
 * turns the recording on). Filters by workspace, source, type and text; pause keeps the list
 * still. Enter shows an event before and after functions; f takes it to the Functions screen to
 * test a local function on it.
 */
public final class LiveEventsScreen implements Screen {
    /** Events kept on screen; older ones fall off. */
    static final int KEEP = 500;
    private static final int PAGE = 200;

    private final LinkedList<LiveEventRow> rows = new LinkedList<>();
    private final Selection selection = new Selection();
    private ConsoleClient.LiveQuery query = ConsoleClient.LiveQuery.ANY;
    private long lastSeq;
    private long skipped;
    private boolean paused;
    private java.util.Map<String, String> nameMap = java.util.Map.of();

    @Override
    public String title() {
        return "Live events";
    }

    @Override
    public void refresh(ScreenContext context) {
        nameMap = context.names();
        if (paused) {
            return;
        }
        try {
            JsonNode page = context.console().liveEvents(lastSeq, query, PAGE);
            List<LiveEventRow> fresh = new ArrayList<>();
            page.path("events").forEach(event -> fresh.add(LiveEventRow.of(event)));
            add(fresh);
            lastSeq = Math.max(lastSeq, page.path("last_seq").asLong());
            skipped = page.path("skipped").asLong();
        } catch (Exception e) {
            context.failed("reading the live events", e);
        }
    }

    /** Puts events (oldest first, as the server sends them) on top, keeping the same row selected. */
    void add(List<LiveEventRow> fresh) {
        for (LiveEventRow row : fresh) {
            rows.addFirst(row);
        }
        // On the newest row, the selection follows new events; further down it stays on its event.
        if (selection.index() > 0) {
            selection.move(fresh.size(), rows.size());
        }
        while (rows.size() > KEEP) {
            rows.removeLast();
        }
        selection.clamp(rows.size());
    }

    @Override
    public boolean handle(KeyStroke key, ScreenContext context) {
        if (key.getKeyType() == KeyType.ArrowDown || key.getKeyType() == KeyType.ArrowUp) {
            selection.move(key.getKeyType() == KeyType.ArrowDown ? 1 : -1, rows.size());
            return true;
        }
        if (key.getKeyType() == KeyType.Enter) {
            selected().ifPresent(row -> showDetail(row, context));
            return true;
        }
        if (key.getKeyType() != KeyType.Character) {
            return false;
        }
        switch (key.getCharacter()) {
            case 'p' -> {
                paused = !paused;
                context.status(paused ? "Paused: the list stands still (p to resume)." : "Resumed.");
            }
            case 'w' -> context.ask("Workspace (name or id, empty for all): ", orEmpty(query.workspace()),
                    value -> filter(new ConsoleClient.LiveQuery(value, query.source(), query.type(), query.text())));
            case 's' -> context.ask("Source (name with a workspace, or id; empty for all): ", orEmpty(query.source()),
                    value -> filter(new ConsoleClient.LiveQuery(query.workspace(), value, query.type(), query.text())));
            case 't' -> context.ask("Type (track, identify, page, ...; empty for all): ", orEmpty(query.type()),
                    value -> filter(new ConsoleClient.LiveQuery(query.workspace(), query.source(), value, query.text())));
            case '/' -> context.ask("Text in the name, ids, reason or payload (empty for any): ", orEmpty(query.text()),
                    value -> filter(new ConsoleClient.LiveQuery(query.workspace(), query.source(), query.type(), value)));
            case 'c' -> filter(ConsoleClient.LiveQuery.ANY);
            case 'f' -> selected().ifPresent(row -> pickForFunctionTest(row, context));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** New filters: the list starts again from what the server kept that matches. */
    void filter(ConsoleClient.LiveQuery next) {
        query = new ConsoleClient.LiveQuery(blankToNull(next.workspace()), blankToNull(next.source()),
                blankToNull(next.type()), blankToNull(next.text()));
        rows.clear();
        lastSeq = 0;
        selection.select(0, 0);
    }

    private void showDetail(LiveEventRow row, ScreenContext context) {
        if (row.messageId() == null) {
            context.status("This event has no message id to look it up by.");
            return;
        }
        try {
            JsonNode detail = context.console().liveEvent(row.messageId(), row.seq());
            List<String> lines = new ArrayList<>();
            lines.add(row.type() + " " + (row.event() == null ? "" : row.event()) + "  " + row.verdictText()
                    + "  " + row.idsText());
            if (row.error() != null) {
                lines.add("error: " + row.error());
            }
            lines.add("");
            lines.add("Before functions (as ingest sent it to events.ingest):");
            lines.addAll(pretty(detail.path("event").path("payload")));
            lines.add("");
            JsonNode processed = detail.path("processed");
            if (processed.isEmpty()) {
                lines.add("After functions: nothing on events.processed for it (not processed yet, dropped by a"
                        + " function, dead-lettered, or rejected at ingest).");
            } else {
                lines.add("After functions (events.processed, " + processed.size() + " event(s)):");
                processed.forEach(event -> lines.addAll(pretty(event)));
            }
            context.show("Event " + row.messageId(), lines);
        } catch (Exception e) {
            context.failed("reading event " + row.messageId(), e);
        }
    }

    private void pickForFunctionTest(LiveEventRow row, ScreenContext context) {
        try {
            JsonNode payload = context.console().liveEvent(row.messageId(), row.seq()).path("event").path("payload");
            if (!(payload instanceof ObjectNode event)) {
                context.status("The server kept no payload for this event.");
                return;
            }
            context.pickEvent(event, row.type() + " " + (row.event() == null ? "" : row.event() + " ") + "msg="
                    + row.messageId());
            context.showTab(5);
            context.status("Picked " + row.messageId() + " for a function test: press t to run a function file on it.");
        } catch (Exception e) {
            context.failed("reading event " + row.messageId(), e);
        }
    }

    static List<String> pretty(JsonNode json) {
        return List.of(json.toPrettyString().split("\\R"));
    }

    private java.util.Optional<LiveEventRow> selected() {
        return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(selection.index()));
    }

    @Override
    public void draw(Canvas canvas) {
        canvas.line("Filter: workspace=" + star(query.workspace()) + " source=" + star(query.source()) + " type="
                + star(query.type()) + " text=" + star(query.text()) + (paused ? "   [PAUSED]" : "   [live]")
                + (skipped > 0 ? "  " + skipped + " not sampled" : ""));
        canvas.bold(LiveEventRow.header(canvas.width()));
        if (rows.isEmpty()) {
            canvas.line("No events yet" + (query.equals(ConsoleClient.LiveQuery.ANY) ? "" : " matching the filter")
                    + ". Send one: ./cdp events send --key cdp_wk_... --event Hello");
            canvas.line("(the server records while this screen is open; it keeps the last 1000, at most 200/s)");
            return;
        }
        int visible = Math.max(1, canvas.rowsLeft());
        int first = selection.firstVisible(visible, rows.size());
        for (int i = first; i < Math.min(rows.size(), first + visible); i++) {
            String line = rows.get(i).line(nameMap, canvas.width());
            if (i == selection.index()) {
                canvas.selected(line);
            } else {
                canvas.line(line);
            }
        }
    }

    @Override
    public String keys() {
        return "Up/Down Enter:payload p:pause w/s/t/'/':filter c:clear f:test fn";
    }

    List<LiveEventRow> rows() {
        return rows;
    }

    int selectedIndex() {
        return selection.index();
    }
}
