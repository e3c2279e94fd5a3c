package io.cdp.tui;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's state and what the keys do to it, without any terminal: refreshed from a
 * {@link DashboardClient}, read by {@link DashboardView}. Not thread-safe: the dashboard's one
 * loop owns it.
 */
public class DashboardModel {
    /** The screens, switched with Tab or their number key. */
    public enum Tab { OVERVIEW, DEAD_LETTERS }

    static final int DEAD_LETTER_LIMIT = 200;

    private final DashboardClient client;
    private final String serverDescription;
    private Snapshot previous;
    private Snapshot current;
    private Map<String, Double> ratesPerSecond = Map.of();
    private List<DeadLetterRow> deadLetters = List.of();
    private int selected;
    private Tab tab = Tab.OVERVIEW;
    private String status = "";
    private String problem;

    public DashboardModel(DashboardClient client, String serverDescription) {
        this.client = client;
        this.serverDescription = serverDescription;
    }

    /** Pulls fresh numbers; a server that does not answer becomes a message, never a crash. */
    public void refresh() {
        try {
            Snapshot next = client.stats();
            previous = current;
            current = next;
            ratesPerSecond = rates(previous, current);
            deadLetters = client.deadLetters(DEAD_LETTER_LIMIT);
            selected = Math.min(selected, Math.max(0, deadLetters.size() - 1));
            problem = null;
        } catch (Exception e) {
            problem = "cannot reach the server at " + serverDescription + " (" + describe(e)
                    + "). Start it with ./cdp dev up --with-server, or pass --server/--token.";
        }
    }

    /** Messages per second per topic between two snapshots; empty until there are two. */
    static Map<String, Double> rates(Snapshot before, Snapshot after) {
        Map<String, Double> rates = new TreeMap<>();
        if (before == null || after == null) {
            return rates;
        }
        double seconds = Duration.between(before.at(), after.at()).toMillis() / 1000.0;
        if (seconds <= 0) {
            return rates;
        }
        after.topics().forEach((topic, total) ->
                rates.put(topic, Math.max(0, total - before.topics().getOrDefault(topic, 0L)) / seconds));
        return rates;
    }

    public void nextTab() {
        tab = Tab.values()[(tab.ordinal() + 1) % Tab.values().length];
    }

    public void showTab(Tab chosen) {
        tab = chosen;
    }

    public void moveSelection(int delta) {
        if (!deadLetters.isEmpty()) {
            selected = Math.floorMod(selected + delta, deadLetters.size());
        }
    }

    /** Replays the selected dead letter (on the dead-letter screen) and says how it went. */
    public void replaySelected() {
        if (tab != Tab.DEAD_LETTERS || deadLetters.isEmpty()) {
            status = "Nothing to replay: select a dead letter on the Dead letters screen first.";
            return;
        }
        DeadLetterRow row = deadLetters.get(selected);
        try {
            int replayed = client.replay(row.id());
            status = replayed == 1 ? "Replayed " + row.id() + " to the retry topic."
                    : "Could not replay " + row.id() + ": it carries no event.";
        } catch (Exception e) {
            status = "Replay of " + row.id() + " failed: " + describe(e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    public Tab tab() {
        return tab;
    }

    public Snapshot current() {
        return current;
    }

    public Map<String, Double> ratesPerSecond() {
        return ratesPerSecond;
    }

    public List<DeadLetterRow> deadLetters() {
        return deadLetters;
    }

    public int selected() {
        return selected;
    }

    public String status() {
        return status;
    }

    /** Why the numbers are stale, or null when the last refresh worked. */
    public String problem() {
        return problem;
    }

    public String serverDescription() {
        return serverDescription;
    }
}
