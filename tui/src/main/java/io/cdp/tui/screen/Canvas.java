package io.cdp.tui.screen;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * The part of the terminal a screen draws in: a rectangle of {@code width} × {@code height}
 * starting at row {@code top}, written line by line from the top. Lines longer than the width are
 * cut; lines below the bottom are dropped, so a screen never writes over the footer. Not
 * thread-safe: one per redraw.
 */
public final class Canvas {
    private final TextGraphics graphics;
    private final int top;
    private final int width;
    private final int height;
    private int row;

    public Canvas(TextGraphics graphics, int top, int width, int height) {
        this.graphics = graphics;
        this.top = top;
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    /** Rows still free below the last line written. */
    public int rowsLeft() {
        return Math.max(0, height - row);
    }

    public Canvas line(String text) {
        if (row < height) {
            graphics.putString(0, top + row, fit(text, width));
        }
        row++;
        return this;
    }

    public Canvas bold(String text) {
        graphics.enableModifiers(SGR.BOLD);
        line(text);
        graphics.disableModifiers(SGR.BOLD);
        return this;
    }

    /** A line in reverse video: the selected row of a list. */
    public Canvas selected(String text) {
        graphics.enableModifiers(SGR.REVERSE);
        line(padded(text, width));
        graphics.disableModifiers(SGR.REVERSE);
        return this;
    }

    public Canvas red(String text) {
        graphics.setForegroundColor(TextColor.ANSI.RED);
        line(text);
        graphics.setForegroundColor(TextColor.ANSI.DEFAULT);
        return this;
    }

    /** {@code text} over as many lines as it needs, at most {@code maxLines}. */
    public Canvas wrap(String text, int maxLines) {
        String rest = text.replace('\n', ' ');
        for (int lines = 0; lines < maxLines && !rest.isEmpty(); lines++) {
            int cut = Math.min(width, rest.length());
            line(lines == maxLines - 1 && rest.length() > width ? fit(rest, width) : rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        return this;
    }

    public Canvas blank() {
        row++;
        return this;
    }

    /** Cut to {@code width} columns, an ellipsis marking what was cut. */
    public static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
    }

    static String padded(String text, int width) {
        String cut = fit(text, width);
        return cut + " ".repeat(Math.max(0, width - cut.length()));
    }
}
