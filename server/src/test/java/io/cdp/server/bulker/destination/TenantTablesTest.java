package io.cdp.server.bulker.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.api.Ids;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantTablesTest {

    @Test
    void aWorkspaceTableIsTheTableThenTheWorkspaceAndParsesBack() {
        String workspace = Ids.next("ws");
        String name = TenantTables.name(workspace, "events");
        assertThat(name).isEqualTo("events__" + workspace);
        assertThat(TenantTables.parse(name)).contains(new TenantTables.Table("events", workspace));
        assertThat(TenantTables.eventTable(name)).isEqualTo("events");
        assertThat(TenantTables.belongsTo(name, workspace)).isTrue();
        assertThat(TenantTables.belongsTo(name, "ws_other")).isFalse();
    }

    @Test
    void tablesThatAreNoWorkspacesTablesParseToNothing() {
        for (String name : List.of("events", "identities", "cdp_schema_history", "orders_2024", "__ws", "events__")) {
            assertThat(TenantTables.parse(name)).as(name).isEmpty();
            assertThat(TenantTables.eventTable(name)).isEqualTo(name);
        }
    }

    @Test
    void noTwoWorkspaceAndTablePairsShareAName() {
        List<String> workspaces = List.of("ws", "ws_a", "a", "a_ws", "ws_a_b", "b");
        List<String> tables = List.of("events", "events_ws", "events_ws_a", "a", "a_b", "orders");
        Set<String> names = new HashSet<>();
        for (String workspace : workspaces) {
            for (String table : tables) {
                String name = TenantTables.name(workspace, table);
                assertThat(names.add(name)).as(name).isTrue();
                assertThat(TenantTables.parse(name)).contains(new TenantTables.Table(table, workspace));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "WS_1", "ws-1", "ws__1", "ws_", "_ws", "1ws", "ws;drop table events", "ws`x", "ws\"x",
            "ws 1", "wß"})
    void unsafeWorkspaceIdsCannotNameATable(String workspace) {
        assertThatThrownBy(() -> TenantTables.name(workspace, "events"))
                .isInstanceOf(TenantTables.UnsafeTableNameException.class)
                .hasMessageContaining("workspace id '" + workspace + "'");
        assertThat(TenantTables.safeWorkspaceId(workspace)).isFalse();
    }

    @Test
    void aNameLongerThanPostgresKeepsIsRefusedNotCut() {
        String table = "t".repeat(50);
        assertThatThrownBy(() -> TenantTables.name("ws_3k9x0q7m2b8c1d4e", table))
                .isInstanceOf(TenantTables.UnsafeTableNameException.class)
                .hasMessageContaining("longer than 63 characters");
        assertThatThrownBy(() -> TenantTables.name("ws", "Orders"))
                .isInstanceOf(TenantTables.UnsafeTableNameException.class).hasMessageContaining("table 'Orders'");
        assertThatThrownBy(() -> TenantTables.name(null, "events"))
                .isInstanceOf(TenantTables.UnsafeTableNameException.class);
    }
}
