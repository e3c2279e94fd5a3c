package io.cdp.tui.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Keys screen's rows: workspaces, their sources, each source's keys with creation, last use and revocation. */
class KeyRowTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void keysNestUnderTheirSourceWithLastUseOrNever() throws Exception {
        JsonNode workspaces = MAPPER.readTree("[{\"id\": \"ws_1\", \"name\": \"acme\", \"tier\": \"pro\"}]");
        JsonNode sources = MAPPER.readTree("""
                [{"id": "src_1", "name": "web", "type": "browser"}, {"id": "src_2", "name": "backend", "type": "s2s"}]""");
        JsonNode keys = MAPPER.readTree("""
                [{"id": "k1", "masked": "cdp_wk_AAAA…", "source_id": "src_1", "created_at": "2026-12-05T20:00:00Z"},
                 {"id": "k2", "masked": "cdp_wk_BBBB…", "source_id": "src_1", "created_at": "2026-12-05T20:00:00Z",
                  "revoked_at": "2026-12-05T21:00:00Z"}]""");
        var rows = KeyRow.rows(workspaces, Map.of("acme", sources), keys,
                Map.of("k1", Instant.parse("2026-12-05T20:05:06Z")));

        assertThat(rows).extracting(KeyRow::kind).containsExactly(KeyRow.Kind.WORKSPACE, KeyRow.Kind.SOURCE,
                KeyRow.Kind.KEY, KeyRow.Kind.KEY, KeyRow.Kind.SOURCE);
        assertThat(rows.get(0).text()).isEqualTo("acme  (tier pro, id ws_1)");
        assertThat(rows.get(2).text()).isEqualTo("    cdp_wk_AAAA…  created 12-05 20:00  used 12-05 20:05");
        assertThat(rows.get(3).text()).isEqualTo("    cdp_wk_BBBB…  never used  REVOKED 12-05 21:00");
        assertThat(rows.get(4).source()).isEqualTo("backend");
    }
}
