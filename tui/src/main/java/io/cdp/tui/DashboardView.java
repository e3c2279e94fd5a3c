package io.cdp.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.cdp.tui.screen.Canvas;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Draws a {@link DashboardModel}: the title and tab bar on top, the screen (or a text pane over
 * it) in the middle, the message or question line and the screen's keys at the bottom. Holds no
 * state, so the same model always draws the same screen. Made for 80×24 and up.
 */
public final class DashboardView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private DashboardView() {
    }

    public static void draw(DashboardModel model, TextGraphics graphics, TerminalSize size, Instant now) {
        graphics.fill(' ');
        int width = size.getColumns();
        int rows = size.getRows();
        graphics.enableModifiers(SGR.BOLD);
        String title = "CDP Ingestion console  " + model.serverDescription();
        String clock = CLOCK.format(now);
        graphics.putString(0, 0, Canvas.fit(title, Math.max(0, width - clock.length() - 1)));
        graphics.putString(Math.max(0, width - clock.length()), 0, clock);
        graphics.disableModifiers(SGR.BOLD);
        tabs(model, graphics, width);

        Canvas body = new Canvas(graphics, 2, width, Math.max(1, rows - 4));
        DashboardModel.Pane pane = model.pane();
        if (pane != null) {
            body.bold(pane.title + "  (" + Math.min(pane.lines.size(), pane.offset + 1) + "/" + pane.lines.size() + ")");
            // Long lines wrap rather than lose their end: a key or a payload must be readable whole.
            for (int i = pane.offset; i < pane.lines.size() && body.rowsLeft() > 0; i++) {
                String line = pane.lines.get(i);
                do {
                    body.line(line.substring(0, Math.min(width, line.length())));
                    line = line.substring(Math.min(width, line.length()));
                } while (!line.isEmpty() && body.rowsLeft() > 0);
            }
        } else {
            model.screens().get(model.current()).draw(body);
        }

        DashboardModel.Question question = model.question();
        if (question != null) {
            String typed = question.prompt() + question.typed();
            graphics.enableModifiers(SGR.BOLD);
            // A question to confirm reads from its start; while typing, the end of a long answer stays in sight.
            graphics.putString(0, rows - 2, typed.length() < width ? typed : question.confirm()
                    ? Canvas.fit(typed, width) : typed.substring(typed.length() - width + 1));
            graphics.disableModifiers(SGR.BOLD);
        } else if (model.problem() != null) {
            graphics.setForegroundColor(TextColor.ANSI.RED);
            graphics.putString(0, rows - 2, Canvas.fit(model.problem(), width));
            graphics.setForegroundColor(TextColor.ANSI.DEFAULT);
        } else {
            graphics.putString(0, rows - 2, Canvas.fit(model.status(), width));
        }
        String keys = question != null ? (question.confirm() ? "y confirms, any other key cancels"
                : "Enter accepts, Escape cancels, Backspace erases")
                : pane != null ? "Up/Down PgUp/PgDn scroll   Escape closes"
                : model.screens().get(model.current()).keys();
        graphics.enableModifiers(SGR.REVERSE);
        graphics.putString(0, rows - 1, padded(keys, width));
        graphics.disableModifiers(SGR.REVERSE);
    }

    private static void tabs(DashboardModel model, TextGraphics graphics, int width) {
        int column = 0;
        for (int i = 0; i < model.screens().size(); i++) {
            String tab = (i + 1) + " " + model.screens().get(i).title();
            if (i == model.current()) {
                graphics.enableModifiers(SGR.REVERSE, SGR.BOLD);
                graphics.putString(column, 1, "[" + tab + "]");
                graphics.disableModifiers(SGR.REVERSE, SGR.BOLD);
            } else {
                graphics.putString(column, 1, " " + tab + " ");
            }
            column += tab.length() + 3;
        }
        String global = "Tab q:quit";
        if (column + global.length() < width) {
            graphics.putString(width - global.length(), 1, global);
        }
    }

    private static String padded(String text, int width) {
        String cut = Canvas.fit(text, width);
        return cut + " ".repeat(Math.max(0, width - cut.length()));
    }
}
