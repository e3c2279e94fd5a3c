package io.cdp.tui.overview;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.input.KeyStroke;
import io.cdp.tui.screen.Canvas;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.ScreenContext;
import io.cdp.tui.screen.ServerJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Screen 1: events per second at each stage with a sparkline of what ingest accepted, consumer
 * lag per group, the databases' migration status, and the latest dead letters.
 */
public final class OverviewScreen implements Screen {
    /** Refreshes kept for the sparkline. */
    static final int HISTORY = 24;
    private static final Duration MIGRATIONS_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Snapshot snapshot;
    private StageFigures previous;
    private StageFigures current;
    private Map<String, Double> rates = Map.of();
    private final Deque<Double> acceptedHistory = new ArrayDeque<>();
    private List<String> migrations = List.of("(asking...)");
    private Instant migrationsAt;
    private JsonNode latestErrors;

    @Override
    public String title() {
        return "Overview";
    }

    @Override
    public void refresh(ScreenContext context) {
        try {
            snapshot = ServerJson.MAPPER.treeToValue(context.console().management().stats(), Snapshot.class);
            StageFigures next = StageFigures.of(context.console().meters(), snapshot, StageFigures.Topics.of(snapshot));
            previous = current;
            current = next;
            rates = current.ratesSince(previous);
            if (rates.containsKey(StageFigures.ACCEPTED)) {
                acceptedHistory.addLast(rates.get(StageFigures.ACCEPTED));
                while (acceptedHistory.size() > HISTORY) {
                    acceptedHistory.removeFirst();
                }
            }
            latestErrors = context.console().management().deadLetters(null, null, null, 3).path("dead_letters");
            if (migrationsAt == null || Instant.now().isAfter(migrationsAt.plus(MIGRATIONS_EVERY))) {
                migrationsAt = Instant.now();
                migrations = migrationLines(context.console().migrations());
            }
        } catch (Exception e) {
            context.failed("reading the pipeline's figures", e);
        }
    }

    /** One line per database: "postgres  V5 latest, 5 applied, 0 pending". */
    static List<String> migrationLines(JsonNode answer) {
        List<String> lines = new ArrayList<>();
        for (JsonNode database : answer.path("databases")) {
            String name = database.path("database").asText();
            if (database.hasNonNull("error")) {
                lines.add(name + ": cannot tell (" + database.path("error").asText() + ")");
                continue;
            }
            StringBuilder line = new StringBuilder(name).append(": ")
                    .append(database.hasNonNull("latest") ? "V" + database.path("latest").asText() : "nothing applied")
                    .append(", ").append(database.path("pending").asInt()).append(" pending");
            if (database.path("pending").asInt() > 0) {
                line.append(" (run ./cdp migrate up)");
            }
            database.path("problems").forEach(problem -> line.append("; ").append(problem.asText()));
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public boolean handle(KeyStroke key, ScreenContext context) {
        return false;
    }

    @Override
    public void draw(Canvas canvas) {
        if (current == null) {
            canvas.line("waiting for the first figures...");
            return;
        }
        canvas.bold(String.format(Locale.ROOT, "%-34s %10s %8s  %s", "Stage", "total", "per s", "accepted/s"));
        boolean first = true;
        for (Map.Entry<String, Double> figure : current.totals().entrySet()) {
            Double rate = rates.get(figure.getKey());
            canvas.line(String.format(Locale.ROOT, "%-34s %,10.0f %8s  %s", Canvas.fit(figure.getKey(), 34),
                    figure.getValue(),
                    rate == null ? "-" : String.format(Locale.ROOT, "%,.1f", rate),
                    first ? Sparkline.of(new ArrayList<>(acceptedHistory)) : ""));
            first = false;
        }
        canvas.blank();
        if (snapshot.lag().isEmpty()) {
            canvas.line("Lag: no consumer group has committed yet");
        }
        snapshot.lag().forEach((group, topics) -> topics.forEach((topic, behind) ->
                canvas.line(String.format(Locale.ROOT, "Lag %-36s %-28s %,8d", Canvas.fit(group, 36),
                        Canvas.fit(topic, 28), behind))));
        canvas.line("Migrations: " + String.join("  |  ", migrations));
        canvas.bold("Latest errors (dead letters, newest first; press 3 for all)");
        if (latestErrors == null || latestErrors.isEmpty()) {
            canvas.line("  none");
            return;
        }
        for (JsonNode entry : latestErrors) {
            JsonNode letter = entry.path("letter");
            String at = letter.hasNonNull("failed_at") ? CLOCK.format(Instant.parse(letter.path("failed_at").asText())) : "";
            canvas.line(String.format(Locale.ROOT, " %s %-6s %-16s %s", at, letter.path("stage").asText(),
                    letter.path("reason").asText(), letter.path("error").asText("").replace('\n', ' ')));
        }
    }

    @Override
    public String keys() {
        return "refreshes every second";
    }

    /** The rates of the last refresh, for tests. */
    Map<String, Double> rates() {
        return rates;
    }
}
