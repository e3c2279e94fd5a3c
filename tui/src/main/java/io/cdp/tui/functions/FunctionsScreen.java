package io.cdp.tui.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cdp.tui.screen.Canvas;
import io.cdp.tui.screen.LocalFunctions;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.ScreenContext;
import io.cdp.tui.screen.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Screen 5: the deployed functions of every workspace with their version, calls and errors (the
 * server's {@code cdp_rotor_function_*} meters) and the sources they run for; the selected one's
 * recent {@code ctx.log} lines; a test of a local function file on the event picked on the Live
 * events screen, shown as {@code cdp functions test} shows it; and the deploy of a new version
 * after a confirmation.
 */
public final class FunctionsScreen implements Screen {
    private static final int LOG_LINES = 6;

    private List<JsonNode> functions = List.of();
    private Map<String, double[]> counts = Map.of();
    private List<String> logs = List.of();
    private final Selection selection = new Selection();
    private String pickedDescription;

    @Override
    public String title() {
        return "Functions";
    }

    @Override
    public void refresh(ScreenContext context) {
        pickedDescription = context.pickedEventDescription();
        try {
            List<JsonNode> read = new ArrayList<>();
            context.console().functions(null).path("functions").forEach(read::add);
            functions = read;
            counts = counts(context.console().meters());
            selection.clamp(functions.size());
            logs = functions.isEmpty() ? List.of() : logLines(context.console().functionLogs(
                    selected().path("id").asText(), null, LOG_LINES));
        } catch (Exception e) {
            context.failed("reading the functions", e);
        }
    }

    /** Function id → {calls, errors and timeouts}, from the server's meters. */
    static Map<String, double[]> counts(JsonNode meters) {
        Map<String, double[]> counts = new HashMap<>();
        for (JsonNode meter : meters.path("meters")) {
            String name = meter.path("name").asText();
            String function = meter.path("tags").path("function").asText(null);
            if (function == null) {
                continue;
            }
            double[] figures = counts.computeIfAbsent(function, id -> new double[2]);
            if (name.equals("cdp_rotor_function_calls_total")) {
                figures[0] += meter.path("value").asDouble();
            } else if (name.equals("cdp_rotor_function_errors_total") || name.equals("cdp_rotor_function_timeouts_total")) {
                figures[1] += meter.path("value").asDouble();
            }
        }
        return counts;
    }

    /** Log entries (newest first from the server) as lines, oldest first, as `cdp functions logs` prints them. */
    static List<String> logLines(JsonNode answer) {
        List<JsonNode> entries = new ArrayList<>();
        answer.path("logs").forEach(entries::add);
        List<String> lines = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            JsonNode entry = entries.get(i);
            lines.add(String.format(Locale.ROOT, "%s %-5s %s  [message %s, v%d]", entry.path("at").asText(),
                    entry.path("level").asText(), entry.path("message").asText(), entry.path("message_id").asText(),
                    entry.path("version").asInt()));
        }
        return lines;
    }

    @Override
    public boolean handle(KeyStroke key, ScreenContext context) {
        if (key.getKeyType() == KeyType.ArrowDown || key.getKeyType() == KeyType.ArrowUp) {
            selection.move(key.getKeyType() == KeyType.ArrowDown ? 1 : -1, functions.size());
            refresh(context);
            return true;
        }
        if (key.getKeyType() != KeyType.Character) {
            return false;
        }
        switch (key.getCharacter()) {
            case 't' -> {
                if (context.pickedEvent() == null) {
                    context.status("Pick an event first: on 2 Live events select one and press f.");
                } else {
                    context.ask("Function file to test on the picked event: ", "", file -> test(file.strip(), context));
                }
            }
            case 'l' -> {
                if (!functions.isEmpty()) {
                    JsonNode function = selected();
                    try {
                        List<String> lines = logLines(context.console().functionLogs(function.path("id").asText(),
                                null, 100));
                        context.show("Logs of " + function.path("name").asText() + " (oldest first)",
                                lines.isEmpty() ? List.of("No log entries yet: it logs when it runs and calls ctx.log,"
                                        + " fetches, or fails.") : lines);
                    } catch (Exception e) {
                        context.failed("reading the logs", e);
                    }
                }
            }
            case 'd' -> {
                if (functions.isEmpty()) {
                    context.status("No function to update; deploy a first one with ./cdp functions deploy FILE.js");
                } else {
                    JsonNode function = selected();
                    context.ask("File with the new version of " + function.path("name").asText() + ": ", "",
                            file -> deploy(function, file.strip(), context));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void test(String file, ScreenContext context) {
        try {
            LocalFunctions.Runs runs = context.functions().run(Path.of(file), List.of(context.pickedEvent()));
            List<String> lines = new ArrayList<>();
            lines.add(runs.heading());
            lines.addAll(runs.lines().get(0));
            context.show("Test of " + Path.of(file).getFileName() + " on " + context.pickedEventDescription(), lines);
        } catch (IllegalArgumentException unusable) {
            context.status("cdp: " + unusable.getMessage());
        }
    }

    private void deploy(JsonNode function, String file, ScreenContext context) {
        String code;
        try {
            code = Files.readString(Path.of(file));
        } catch (IOException e) {
            context.status("Cannot read " + file + ": " + e.getMessage());
            return;
        }
        String name = function.path("name").asText();
        String workspace = function.path("workspace_name").asText();
        context.confirm("Deploy " + file + " as version " + (function.path("version").asInt() + 1) + " of " + name
                + " in " + workspace + "? (y/n) ", () -> {
                    try {
                        JsonNode deployed = context.console().deployFunction(workspace, name, code,
                                function.path("props"));
                        context.status(deployed.path("changed").asBoolean(true)
                                ? "Deployed " + name + " version " + deployed.path("function").path("version").asText()
                                        + "; the rotor picks it up for the next events."
                                : "Unchanged: " + file + " is the code already deployed.");
                        refresh(context);
                    } catch (Exception e) {
                        context.failed("deploying " + name, e);
                    }
                });
    }

    private JsonNode selected() {
        return functions.get(selection.index());
    }

    @Override
    public void draw(Canvas canvas) {
        if (functions.isEmpty()) {
            canvas.line("No functions deployed. Deploy one: ./cdp functions deploy FILE.js --workspace NAME --source web");
        } else {
            canvas.bold(String.format(Locale.ROOT, "%-14s %-18s %4s %8s %7s  %s", "workspace", "function", "ver",
                    "calls", "errors", "sources"));
            int visible = Math.max(1, canvas.rowsLeft() - LOG_LINES - 4);
            int first = selection.firstVisible(visible, functions.size());
            for (int i = first; i < Math.min(functions.size(), first + visible); i++) {
                JsonNode function = functions.get(i);
                double[] figures = counts.getOrDefault(function.path("id").asText(), new double[2]);
                List<String> sources = new ArrayList<>();
                function.path("sources").forEach(source -> sources.add(source.path("source_name").asText()));
                String line = String.format(Locale.ROOT, "%-14s %-18s %4d %,8.0f %,7.0f  %s",
                        Canvas.fit(function.path("workspace_name").asText(), 14),
                        Canvas.fit(function.path("name").asText(), 18), function.path("version").asInt(),
                        figures[0], figures[1], String.join(",", sources));
                if (i == selection.index()) {
                    canvas.selected(line);
                } else {
                    canvas.line(line);
                }
            }
            canvas.bold("Recent logs of " + selected().path("name").asText() + " (l for more):");
            if (logs.isEmpty()) {
                canvas.line("  none yet");
            }
            logs.stream().skip(Math.max(0, logs.size() - LOG_LINES)).forEach(line -> canvas.line("  " + line));
        }
        canvas.blank();
        canvas.line("Test event: " + (pickedDescription == null ? "none (on 2 Live events select one, press f)"
                : pickedDescription));
    }

    @Override
    public String keys() {
        return "Up/Down t:test file on picked event l:logs d:deploy new version";
    }
}
