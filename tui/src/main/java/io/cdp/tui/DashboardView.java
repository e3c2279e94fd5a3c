package io.cdp.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link DashboardModel} on a Lanterna {@link TextGraphics}. Holds no state of its own,
 * so the same model always draws the same screen.
 */
public final class DashboardView {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private DashboardView() {
    }

    public static void draw(DashboardModel model, TextGraphics graphics, TerminalSize size) {
        graphics.fill(' ');
        int width = size.getColumns();
        header(model, graphics, width);
        int row = 2;
        if (model.problem() != null) {
            graphics.setForegroundColor(TextColor.ANSI.RED);
            row = wrap(graphics, row, width, model.problem()) + 1;
            graphics.setForegroundColor(TextColor.ANSI.DEFAULT);
        }
        if (model.tab() == DashboardModel.Tab.OVERVIEW) {
            overview(model, graphics, row);
        } else {
            deadLetters(model, graphics, row, size);
        }
        footer(model, graphics, size);
    }

    private static void header(DashboardModel model, TextGraphics graphics, int width) {
        graphics.enableModifiers(SGR.BOLD);
        graphics.putString(0, 0, fit("CDP Ingestion dashboard  " + model.serverDescription(), width));
        graphics.disableModifiers(SGR.BOLD);
        String tabs = (model.tab() == DashboardModel.Tab.OVERVIEW ? "[1 Overview]" : " 1 Overview ")
                + (model.tab() == DashboardModel.Tab.DEAD_LETTERS ? "[2 Dead letters]" : " 2 Dead letters ");
        graphics.putString(0, 1, fit(tabs, width));
    }

    private static void overview(DashboardModel model, TextGraphics graphics, int row) {
        Snapshot snapshot = model.current();
        if (snapshot == null) {
            graphics.putString(0, row, "waiting for the first numbers...");
            return;
        }
        graphics.putString(0, row++, "As of " + TIME.format(snapshot.at()));
        row++;
        graphics.enableModifiers(SGR.BOLD);
        graphics.putString(0, row++, String.format(Locale.ROOT, "%-32s %14s %12s", "Topic", "messages", "per second"));
        graphics.disableModifiers(SGR.BOLD);
        for (Map.Entry<String, Long> topic : snapshot.topics().entrySet()) {
            Double rate = model.ratesPerSecond().get(topic.getKey());
            graphics.putString(0, row++, String.format(Locale.ROOT, "%-32s %,14d %12s", topic.getKey(),
                    topic.getValue(), rate == null ? "-" : String.format(Locale.ROOT, "%,.1f", rate)));
        }
        row++;
        graphics.enableModifiers(SGR.BOLD);
        graphics.putString(0, row++, String.format(Locale.ROOT, "%-24s %-32s %10s", "Consumer group", "topic", "lag"));
        graphics.disableModifiers(SGR.BOLD);
        if (snapshot.lag().isEmpty()) {
            graphics.putString(0, row++, "(no consumer group has committed yet)");
        }
        for (Map.Entry<String, Map<String, Long>> group : snapshot.lag().entrySet()) {
            for (Map.Entry<String, Long> topic : group.getValue().entrySet()) {
                graphics.putString(0, row++, String.format(Locale.ROOT, "%-24s %-32s %,10d",
                        group.getKey(), topic.getKey(), topic.getValue()));
            }
        }
        row++;
        graphics.putString(0, row, "Dead letters (newest " + DashboardModel.DEAD_LETTER_LIMIT + " scanned): "
                + model.deadLetters().size() + "  (press 2 to see them)");
    }

    private static void deadLetters(DashboardModel model, TextGraphics graphics, int row, TerminalSize size) {
        List<DeadLetterRow> rows = model.deadLetters();
        if (rows.isEmpty()) {
            graphics.putString(0, row, "No dead letters. Everything that came in was processed.");
            return;
        }
        int width = size.getColumns();
        graphics.enableModifiers(SGR.BOLD);
        graphics.putString(0, row++, fit(String.format(Locale.ROOT, "%-10s %-20s %-7s %-18s %-20s %s",
                "id", "failed at", "stage", "reason", "field", "error"), width));
        graphics.disableModifiers(SGR.BOLD);
        int listHeight = Math.max(3, (size.getRows() - row - 3) / 2);
        int first = Math.max(0, Math.min(model.selected() - listHeight / 2, rows.size() - listHeight));
        for (int i = first; i < Math.min(rows.size(), first + listHeight); i++) {
            DeadLetterRow.Letter letter = rows.get(i).letter();
            String line = String.format(Locale.ROOT, "%-10s %-20s %-7s %-18s %-20s %s", rows.get(i).id(),
                    letter.failedAt() == null ? "" : TIME.format(letter.failedAt()).substring(0, 19),
                    orEmpty(letter.stage()), orEmpty(letter.reason()), orEmpty(letter.field()),
                    orEmpty(letter.error()).replace('\n', ' '));
            if (i == model.selected()) {
                graphics.enableModifiers(SGR.REVERSE);
            }
            graphics.putString(0, row++, fit(line, width));
            graphics.disableModifiers(SGR.REVERSE);
        }
        row++;
        DeadLetterRow.Letter chosen = rows.get(model.selected()).letter();
        graphics.enableModifiers(SGR.BOLD);
        graphics.putString(0, row++, fit("Selected: " + rows.get(model.selected()).id() + "  workspace "
                + orEmpty(chosen.workspaceId()) + "  message " + orEmpty(chosen.messageId())
                + (chosen.functionId() == null ? "" : "  function " + chosen.functionId()), width));
        graphics.disableModifiers(SGR.BOLD);
        row = wrap(graphics, row, width, "error: " + orEmpty(chosen.error()));
        wrap(graphics, row, width, "payload: " + (chosen.payload() == null ? "" : chosen.payload().toString()));
    }

    private static void footer(DashboardModel model, TextGraphics graphics, TerminalSize size) {
        int last = size.getRows() - 1;
        if (!model.status().isEmpty()) {
            graphics.putString(0, last - 1, fit(model.status(), size.getColumns()));
        }
        graphics.putString(0, last, fit(model.tab() == DashboardModel.Tab.DEAD_LETTERS
                ? "Up/Down select   r replay selected   Tab/1/2 screens   q quit"
                : "Tab/1/2 screens   q quit   (refreshes every second)", size.getColumns()));
    }

    /** Writes text over as many lines as it needs (at most four); returns the next free row. */
    private static int wrap(TextGraphics graphics, int row, int width, String text) {
        int lines = 0;
        for (int start = 0; start < text.length() && lines < 4; start += width, lines++) {
            graphics.putString(0, row++, text.substring(start, Math.min(text.length(), start + width)));
        }
        return row;
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
