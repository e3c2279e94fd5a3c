package io.cdp.tui.screen;

import com.googlecode.lanterna.input.KeyStroke;

/**
 * One screen of the dashboard: what it shows ({@link #draw}), what its keys do ({@link #handle}),
 * and how it keeps its data fresh ({@link #refresh}, called by the dashboard's loop for the screen
 * on display). Screens call the server only through their {@link ScreenContext}, and a server
 * error becomes one line there, never an exception out of a screen. Not thread-safe: the
 * dashboard's one loop owns them.
 */
public interface Screen {
    /** The name in the tab bar. */
    String title();

    /** Pulls fresh data; the context turns a failure into the error line. */
    void refresh(ScreenContext context);

    /** Applies a key press; false when the screen does not use that key. */
    boolean handle(KeyStroke key, ScreenContext context);

    /** Draws the screen's body. */
    void draw(Canvas canvas);

    /** The screen's own keys, for the footer ("Up/Down select  r replay ..."). */
    String keys();
}
