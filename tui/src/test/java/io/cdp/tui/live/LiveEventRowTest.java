package io.cdp.tui.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live event on one line, as the Live events screen (80 columns) and `cdp events tail` write it. */
class LiveEventRowTest {
    private static LiveEventRow row(String json) throws Exception {
        return LiveEventRow.of(new ObjectMapper().readTree(json));
    }

    @Test
    void aLineCarriesTimeNamesTypeEventVerdictAndIdsWithinTheWidth() throws Exception {
        LiveEventRow rejected = row("""
                {"seq": 7, "at": "2026-12-05T20:01:02Z", "workspace_id": "ws_1", "source_id": "src_1",
                 "type": "track", "event": "Order Completed With A Very Long Name", "message_id": "m-1",
                 "anonymous_id": "a-1", "verdict": "rejected", "reason": "late", "error": "too old"}""");
        String line = rejected.line(Map.of("ws_1", "acme", "src_1", "web"), 80);

        assertThat(line).hasSizeLessThanOrEqualTo(80).startsWith("20:01:02 acme/web       track    Order Completed… rejected: late     anon=a-1 m…")
                ;
        assertThat(rejected.line(Map.of(), LiveEventRow.UNLIMITED)).contains("ws_1/src_1",
                "Order Completed With A Very Long Name", "anon=a-1 msg=m-1");
        assertThat(LiveEventRow.header(80)).startsWith("time     workspace/src  type     event            verdict");
    }

    @Test
    void newEventsGoOnTopAndAScrolledSelectionStaysOnItsEvent() throws Exception {
        LiveEventsScreen screen = new LiveEventsScreen();
        screen.add(List.of(row("{\"seq\": 1, \"verdict\": \"accepted\"}"), row("{\"seq\": 2, \"verdict\": \"accepted\"}")));
        assertThat(screen.rows()).extracting(LiveEventRow::seq).containsExactly(2L, 1L);
        assertThat(screen.selectedIndex()).isZero();
        screen.handle(new com.googlecode.lanterna.input.KeyStroke(com.googlecode.lanterna.input.KeyType.ArrowDown),
                null);
        screen.add(List.of(row("{\"seq\": 3, \"verdict\": \"deduplicated\"}")));
        assertThat(screen.rows().get(screen.selectedIndex()).seq()).as("still the event with seq 1").isEqualTo(1L);
        assertThat(row("{\"verdict\": \"deduplicated\"}").verdictText()).isEqualTo("deduplicated");
    }
}
