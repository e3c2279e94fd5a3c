package io.cdp.server.bulker.stitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.Rows;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchVisitorsTest {
    @Test
    void gathersTheAnonymousVisitorsPerWorkspaceAndTheIdentifies() {
        BatchVisitors visitors = new BatchVisitors();
        Row identify = Rows.row("ws-a", "m5", "{\"type\":\"identify\",\"anonymousId\":\"a-1\",\"userId\":\"u-1\"}");
        List<Row> rows = List.of(
                Rows.row("ws-a", "m1", "{\"type\":\"track\",\"anonymousId\":\"a-1\"}"),
                Rows.row("ws-b", "m2", "{\"type\":\"track\",\"anonymousId\":\"a-1\"}"),
                Rows.row("ws-a", "m3", "{\"type\":\"track\",\"anonymousId\":\"a-2\"}"),
                Rows.row("ws-a", "m4", "{\"type\":\"track\",\"anonymousId\":\"a-1\"}"),
                identify,
                Rows.row("ws-a", "m6", "{\"type\":\"track\",\"anonymousId\":\"a-3\",\"userId\":\"u-3\"}"),
                Rows.row("ws-a", "m7", "{\"type\":\"identify\",\"userId\":\"u-4\"}"),
                Rows.row("ws-b", "m8", "{\"type\":\"track\"}"));

        rows.forEach(visitors::add);

        assertThat(visitors.anonymous()).isEqualTo(Map.of("ws-a", Set.of("a-1", "a-2"), "ws-b", Set.of("a-1")));
        assertThat(visitors.identifies()).containsExactly(identify);
    }
}
