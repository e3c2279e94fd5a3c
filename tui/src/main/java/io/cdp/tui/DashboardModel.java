package io.cdp.tui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cdp.client.ApiException;
import io.cdp.client.ConsoleClient;
import io.cdp.client.ServerUnreachableException;
import io.cdp.tui.dlq.DeadLettersScreen;
import io.cdp.tui.functions.FunctionsScreen;
import io.cdp.tui.keys.KeysScreen;
import io.cdp.tui.live.LiveEventsScreen;
import io.cdp.tui.overview.OverviewScreen;
import io.cdp.tui.screen.LocalFunctions;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.ScreenContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dashboard's state without any terminal: the five screens and which one is shown, the
 * message line, a question being typed, a text pane, and what screens share. Turns key presses
 * into actions: the global keys (Tab, 1-5, q) and those of a question or a pane here, the rest
 * to the screen on display. Read by {@link DashboardView}. Not thread-safe: the dashboard's one
 * loop owns it.
 */
public class DashboardModel implements ScreenContext {
    private static final Duration NAMES_EVERY = Duration.ofSeconds(30);

    private final ConsoleClient console;
    private final LocalFunctions functions;
    private final String serverDescription;
    private final List<Screen> screens = List.of(new OverviewScreen(), new LiveEventsScreen(),
            new DeadLettersScreen(), new KeysScreen(), new FunctionsScreen());
    private int current;
    private String status = "";
    private String problem;
    private Question question;
    private Pane pane;
    private Map<String, String> names = Map.of();
    private Instant namesAt;
    private ObjectNode picked;
    private String pickedDescription;
    private Runnable beforeWork = () -> { };

    /** A line being typed at the bottom; {@code confirm} questions take one key, y or anything else. */
    record Question(String prompt, StringBuilder typed, Consumer<String> answer, boolean confirm) {
    }

    /** Long text over the screen, scrolled from {@code offset}. */
    static final class Pane {
        final String title;
        final List<String> lines;
        int offset;

        Pane(String title, List<String> lines) {
            this.title = title;
            this.lines = lines;
        }
    }

    public DashboardModel(ConsoleClient console, LocalFunctions functions, String serverDescription) {
        this.console = console;
        this.functions = functions;
        this.serverDescription = serverDescription;
    }

    /**
     * What to do before an answered question's work starts (it may take seconds: a function run, a
     * replay): the dashboard redraws, so the bottom line says it is working.
     */
    public void beforeWork(Runnable redraw) {
        this.beforeWork = redraw;
    }

    private void work(Question asked, String answer) {
        status = "Working: " + asked.prompt().strip() + " " + answer + " ...";
        beforeWork.run();
        status = "";
        asked.answer().accept(answer);
    }

    /** Refreshes the screen on display; a server that does not answer becomes the error line. */
    public void refresh() {
        problem = null;
        refreshNames();
        screens.get(current).refresh(this);
    }

    private void refreshNames() {
        if (namesAt != null && Instant.now().isBefore(namesAt.plus(NAMES_EVERY))) {
            return;
        }
        namesAt = Instant.now();
        try {
            names = console.names();
        } catch (Exception e) {
            failed("reading workspace names", e);
        }
    }

    /** Applies one key press; false means quit. */
    public boolean handle(KeyStroke key) {
        if (key.isAltDown() && !key.isCtrlDown() && key.getKeyType() == KeyType.Character) {
            // A terminal sends Alt+x as ESC x, so Escape followed quickly by a key arrives as one
            // Alt stroke. The dashboard binds nothing to Alt: read it as the two keys typed, except
            // that a bare Escape on a screen would quit.
            KeyStroke plain = new KeyStroke(key.getCharacter(), false, false);
            if (question != null || pane != null) {
                handle(new KeyStroke(KeyType.Escape));
            }
            return handle(plain);
        }
        if (question != null) {
            answer(key);
            return true;
        }
        if (pane != null) {
            scroll(key);
            return true;
        }
        KeyType type = key.getKeyType();
        if (type == KeyType.Escape || type == KeyType.EOF) {
            return false;
        }
        if (type == KeyType.Tab || type == KeyType.ReverseTab) {
            showTab(Math.floorMod(current + (type == KeyType.Tab ? 1 : -1), screens.size()) + 1);
            return true;
        }
        if (type == KeyType.Character && !key.isCtrlDown()) {
            char character = key.getCharacter();
            if (character == 'q') {
                return false;
            }
            if (character >= '1' && character <= '0' + screens.size()) {
                showTab(character - '0');
                return true;
            }
        }
        status = "";
        screens.get(current).handle(key, this);
        return true;
    }

    private void answer(KeyStroke key) {
        Question asked = question;
        if (asked.confirm()) {
            question = null;
            if (key.getKeyType() == KeyType.Character && Character.toLowerCase(key.getCharacter()) == 'y') {
                work(asked, "y");
            } else {
                status = "Cancelled.";
            }
            return;
        }
        switch (key.getKeyType()) {
            case Enter -> {
                question = null;
                work(asked, asked.typed().toString());
            }
            case Escape -> {
                question = null;
                status = "Cancelled.";
            }
            case Backspace -> {
                if (!asked.typed().isEmpty()) {
                    asked.typed().setLength(asked.typed().length() - 1);
                }
            }
            case Character -> asked.typed().append(key.getCharacter());
            default -> { }
        }
    }

    private void scroll(KeyStroke key) {
        int page = 10;
        switch (key.getKeyType()) {
            case Escape -> pane = null;
            case ArrowDown -> pane.offset++;
            case ArrowUp -> pane.offset--;
            case PageDown -> pane.offset += page;
            case PageUp -> pane.offset -= page;
            case Character -> {
                if (key.getCharacter() == 'q') {
                    pane = null;
                }
            }
            default -> { }
        }
        if (pane != null) {
            pane.offset = Math.max(0, Math.min(pane.offset, Math.max(0, pane.lines.size() - 1)));
        }
    }

    @Override
    public ConsoleClient console() {
        return console;
    }

    @Override
    public LocalFunctions functions() {
        return functions;
    }

    @Override
    public void status(String message) {
        status = message;
    }

    @Override
    public void failed(String doing, Exception problem) {
        this.problem = describe(doing, problem);
    }

    /** One line: what failed and why, in the server's words when it answered. */
    static String describe(String doing, Exception problem) {
        if (problem instanceof ApiException refused) {
            return "Error " + doing + ": " + refused.getMessage() + " (HTTP " + refused.status() + ")";
        }
        if (problem instanceof ServerUnreachableException) {
            return "Error " + doing + ": " + problem.getMessage()
                    + ". Start it with ./cdp dev up --with-server, or pass --server/--token.";
        }
        String message = problem.getMessage();
        return "Error " + doing + ": " + (message == null || message.isBlank() ? problem.getClass().getSimpleName()
                : message.replace('\n', ' '));
    }

    @Override
    public void ask(String prompt, String initial, Consumer<String> answer) {
        question = new Question(prompt, new StringBuilder(initial == null ? "" : initial), answer, false);
    }

    @Override
    public void confirm(String prompt, Runnable yes) {
        question = new Question(prompt, new StringBuilder(), typed -> yes.run(), true);
    }

    @Override
    public void show(String title, List<String> lines) {
        pane = new Pane(title, List.copyOf(lines));
    }

    @Override
    public Map<String, String> names() {
        return names;
    }

    @Override
    public void showTab(int number) {
        int chosen = Math.max(1, Math.min(screens.size(), number)) - 1;
        if (chosen != current) {
            current = chosen;
            status = "";
            screens.get(current).refresh(this);
        }
    }

    @Override
    public ObjectNode pickedEvent() {
        return picked;
    }

    @Override
    public void pickEvent(ObjectNode event, String description) {
        picked = event;
        pickedDescription = description;
    }

    @Override
    public String pickedEventDescription() {
        return pickedDescription;
    }

    public List<Screen> screens() {
        return screens;
    }

    /** The screen on display, 0-based. */
    public int current() {
        return current;
    }

    public String status() {
        return status;
    }

    /** The last failure, or null when the last refresh and action worked. */
    public String problem() {
        return problem;
    }

    Question question() {
        return question;
    }

    Pane pane() {
        return pane;
    }

    public String serverDescription() {
        return serverDescription;
    }
}
