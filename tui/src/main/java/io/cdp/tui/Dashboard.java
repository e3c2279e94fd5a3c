package io.cdp.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.time.Duration;

/**
 * The terminal dashboard ({@code cdp dashboard}): refreshes the screen on display of a
 * {@link DashboardModel} on a timer and hands it the key presses until the user quits (q, or
 * Escape outside a question or a pane).
 *
 * <pre>{@code
 * new Dashboard(model, Duration.ofSeconds(1)).run(new DefaultTerminalFactory().createTerminal());
 * }</pre>
 */
public class Dashboard {
    private static final long INPUT_POLL_MILLIS = 50;

    private final DashboardModel model;
    private final Duration refreshEvery;

    public Dashboard(DashboardModel model, Duration refreshEvery) {
        this.model = model;
        this.refreshEvery = refreshEvery;
    }

    /** Runs on the user's terminal until q or Escape. */
    public static void runOnConsole(DashboardModel model, Duration refreshEvery) throws IOException {
        new Dashboard(model, refreshEvery).run(new DefaultTerminalFactory().createTerminal());
    }

    public void run(Terminal terminal) throws IOException {
        try (Screen screen = new TerminalScreen(terminal)) {
            screen.startScreen();
            screen.setCursorPosition(null);
            model.beforeWork(() -> {
                try {
                    redraw(screen);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long nextRefresh = 0;
            while (true) {
                if (System.currentTimeMillis() >= nextRefresh) {
                    model.refresh();
                    nextRefresh = System.currentTimeMillis() + refreshEvery.toMillis();
                    redraw(screen);
                }
                KeyStroke key = screen.pollInput();
                if (key == null) {
                    sleep();
                    continue;
                }
                if (!model.handle(key)) {
                    return;
                }
                redraw(screen);
            }
        }
    }

    private void redraw(Screen screen) throws IOException {
        TerminalSize size = screen.doResizeIfNecessary();
        if (size == null) {
            size = screen.getTerminalSize();
        }
        DashboardView.draw(model, screen.newTextGraphics(), size, java.time.Instant.now());
        screen.refresh();
    }

    private static void sleep() {
        try {
            Thread.sleep(INPUT_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
