package io.cdp.tui.screen;

import io.cdp.client.ConsoleClient;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the dashboard gives its screens: the server, the local function runner, the one-line
 * messages at the bottom, questions typed in there, a text pane for long output, and a few
 * things screens share (workspace and source names, the event picked on the live screen).
 */
public interface ScreenContext {
    ConsoleClient console();

    LocalFunctions functions();

    /** A one-line message at the bottom (what an action did). */
    void status(String message);

    /** A failure as one line at the bottom, the server's message when it sent one; never a stack trace. */
    void failed(String doing, Exception problem);

    /** Asks for a line of text at the bottom; {@code answer} gets it on Enter, nothing happens on Escape. */
    void ask(String question, String initial, Consumer<String> answer);

    /** Asks y/n at the bottom; {@code yes} runs on y only. */
    void confirm(String question, Runnable yes);

    /** Shows long text in a pane over the screen, scrolled with Up/Down, closed with Escape. */
    void show(String title, List<String> lines);

    /** Workspace and source names by id (ids the server sends, names people know). */
    Map<String, String> names();

    /** Switches to the screen with this tab number (1-based). */
    void showTab(int number);

    /** The event picked on the Live events screen for a function test, or null. */
    com.fasterxml.jackson.databind.node.ObjectNode pickedEvent();

    void pickEvent(com.fasterxml.jackson.databind.node.ObjectNode event, String description);

    /** What the picked event is ("track Order Completed, msg=..."), or null. */
    String pickedEventDescription();
}
