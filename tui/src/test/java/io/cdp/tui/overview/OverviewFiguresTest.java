package io.cdp.tui.overview;

import io.cdp.tui.screen.ServerJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Overview's figures from the server's answers: totals per stage, rates, sparkline, migrations. */
class OverviewFiguresTest {
    private static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");

    private static JsonNode meters(Instant at, double accepted, double invalid) throws Exception {
        return ServerJson.MAPPER.readTree("""
                {"at": "%s", "meters": [
                  {"name": "cdp_ingest_events_accepted_total", "tags": {}, "value": %s},
                  {"name": "cdp_ingest_events_rejected_total", "tags": {"reason": "invalid"}, "value": %s},
                  {"name": "cdp_bulker_rows_stored_total", "tags": {"destination": "ch", "table": "a"}, "value": 3},
                  {"name": "cdp_bulker_rows_stored_total", "tags": {"destination": "ch", "table": "b"}, "value": 4},
                  {"name": "cdp_rotor_function_calls_total", "tags": {"function": "fn_1"}, "value": 9}
                ]}""".formatted(at, accepted, invalid));
    }

    @Test
    void totalsPerStageAndRatesBetweenTwoReadings() throws Exception {
        Snapshot snapshot = new Snapshot(T0, Map.of("events.processed.x", 40L, "events.dlq.x", 2L), Map.of());
        StageFigures.Topics topics = StageFigures.Topics.of(snapshot);
        StageFigures before = StageFigures.of(meters(T0, 100, 1), snapshot, topics);
        StageFigures after = StageFigures.of(meters(T0.plusSeconds(2), 130, 5), snapshot, topics);

        assertThat(topics).isEqualTo(new StageFigures.Topics("events.processed.x", "events.dlq.x"));
        assertThat(after.totals()).containsEntry("ingest accepted", 130.0).containsEntry("ingest rejected invalid", 5.0)
                .containsEntry("bulker stored", 7.0).containsEntry("rotor processed", 40.0)
                .containsEntry("dead-lettered", 2.0).containsEntry("function calls", 9.0);
        assertThat(after.ratesSince(before)).containsEntry("ingest accepted", 15.0)
                .containsEntry("ingest rejected invalid", 2.0).containsEntry("bulker stored", 0.0);
        assertThat(after.ratesSince(null)).isEmpty();
    }

    @Test
    void sparklineScalesToTheLargestValue() {
        assertThat(Sparkline.of(List.of(0.0, 1.0, 2.0, 4.0, 8.0))).isEqualTo("▁▂▃▅█");
        assertThat(Sparkline.of(List.of(0.0, 0.0))).isEqualTo("▁▁");
        assertThat(Sparkline.of(List.of())).isEmpty();
    }

    @Test
    void migrationLinesSayWhatIsAppliedPendingOrUnknown() throws Exception {
        JsonNode answer = ServerJson.MAPPER.readTree("""
                {"databases": [
                  {"database": "postgres", "latest": "5", "applied": 5, "pending": 0, "problems": []},
                  {"database": "clickhouse", "latest": "1", "applied": 1, "pending": 1, "problems": ["V3 x: changed"]},
                  {"database": "other", "error": "connection refused", "problems": []}
                ]}""");
        assertThat(OverviewScreen.migrationLines(answer)).containsExactly("postgres: V5, 0 pending",
                "clickhouse: V1, 1 pending (run ./cdp migrate up); V3 x: changed",
                "other: cannot tell (connection refused)");
    }
}
