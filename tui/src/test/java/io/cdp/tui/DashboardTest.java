package io.cdp.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardTest {
    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");

    private static Snapshot snapshot(Instant at, long ingest, long dlq, long lag) {
        return new Snapshot(at, Map.of("events.ingest", ingest, "events.dlq", dlq),
                Map.of("cdp-rotor", Map.of("events.ingest", lag)));
    }

    private static DeadLetterRow letter(String id, String reason, String field) {
        return new DeadLetterRow(id, new DeadLetterRow.Letter("ingest", reason, field, "expected int, got string",
                null, "ws_1", "m-" + id, T0, null));
    }

    private final FakeDashboardClient client = new FakeDashboardClient();
    private final DashboardModel model = new DashboardModel(client, "http://127.0.0.1:3049");

    @Test
    void ratesComeFromTwoSnapshots() {
        client.snapshots.add(snapshot(T0, 1000, 0, 5));
        client.snapshots.add(snapshot(T0.plusSeconds(2), 1300, 4, 0));
        model.refresh();
        assertThat(model.ratesPerSecond()).isEmpty();
        model.refresh();
        assertThat(model.ratesPerSecond()).containsEntry("events.ingest", 150.0).containsEntry("events.dlq", 2.0);
    }

    @Test
    void anUnreachableServerIsAMessageNotACrash() {
        client.down = true;
        model.refresh();
        assertThat(model.problem()).contains("cannot reach the server at http://127.0.0.1:3049")
                .contains("./cdp dev up --with-server");
    }

    @Test
    void replaySendsTheSelectedLetterOnlyFromTheDeadLetterScreen() {
        client.snapshots.add(snapshot(T0, 1, 2, 0));
        client.letters = List.of(letter("0-1", "schema_conflict", "properties_price"), letter("2-7", "function_error", null));
        model.refresh();

        model.replaySelected();
        assertThat(client.replayed).isEmpty();
        assertThat(model.status()).contains("select a dead letter");

        model.showTab(DashboardModel.Tab.DEAD_LETTERS);
        model.moveSelection(1);
        model.replaySelected();
        assertThat(client.replayed).containsExactly("2-7");
        assertThat(model.status()).isEqualTo("Replayed 2-7 to the retry topic.");
        model.moveSelection(1);
        assertThat(model.selected()).as("selection wraps around").isZero();
    }

    @Test
    void drawsOverviewAndDeadLettersOnARealLanternaScreen() throws Exception {
        client.generator = n -> snapshot(T0.plusSeconds(n), 1000 + 100L * n, n, 3);
        client.letters = List.of(letter("0-1", "schema_conflict", "properties_price"));
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        // The dead-letter screen, replay; then the overview, then quit.
        terminal.addInput(new KeyStroke('2', false, false));
        terminal.addInput(new KeyStroke('r', false, false));

        Dashboard dashboard = new Dashboard(model, Duration.ofMillis(10));
        Thread runner = new Thread(() -> {
            try {
                dashboard.run(terminal);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        runner.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!screenText(terminal).contains("Replayed 0-1 to the retry topic.") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String deadLetterScreen = screenText(terminal);
        terminal.addInput(new KeyStroke('1', false, false));
        // The footer is written last: once the overview's footer shows, the screen is complete.
        while (!screenText(terminal).contains("(refreshes every second)") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String overview = screenText(terminal);
        terminal.addInput(new KeyStroke('q', false, false));
        runner.join(5000);

        assertThat(deadLetterScreen).contains("schema_conflict", "properties_price", "Replayed 0-1 to the retry topic.");
        assertThat(overview).contains("events.ingest", "100.0", "cdp-rotor", "Dead letters");
        assertThat(runner.isAlive()).as("q quits").isFalse();
        assertThat(client.replayed).containsExactly("0-1");
    }

    @Test
    void escapeQuits() {
        Dashboard dashboard = new Dashboard(model, Duration.ofSeconds(1));
        assertThat(dashboard.handle(new KeyStroke(KeyType.Escape))).isFalse();
        assertThat(dashboard.handle(new KeyStroke(KeyType.Tab))).isTrue();
        assertThat(model.tab()).isEqualTo(DashboardModel.Tab.DEAD_LETTERS);
    }

    private static String screenText(DefaultVirtualTerminal terminal) {
        StringBuilder text = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            for (int column = 0; column < size.getColumns(); column++) {
                text.append(terminal.getBufferCharacter(column, row).getCharacterString());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
