package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Destination;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.bulker.clickhouse.ClickHouseDestination;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseSql;
import io.cdp.server.testing.TestClickHouse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The destination contract on the real ClickHouse server (18.16 here), in a database of its own. */
class ClickHouseDestinationTest extends DestinationContractTest {
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.empty("bulker_ch_dest");
    private static final ClickHouseDestination DESTINATION = new ClickHouseDestination(CLICKHOUSE.client());

    @Override
    Destination destination() {
        return DESTINATION;
    }

    @Override
    Map<String, Map<String, String>> rows(String table) {
        return textRows(CLICKHOUSE.client(), table);
    }

    /** Every row of {@code table} under FINAL, by {@link #rowKey}, values as text. */
    static Map<String, Map<String, String>> textRows(ClickHouse clickHouse, String table) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (ObjectNode row : clickHouse.query("SELECT * FROM " + ClickHouseSql.identifier(table) + " FINAL")) {
            rows.merge(rowKey(row), textValues(row), (a, b) -> {
                throw new AssertionError("message " + a.get("message_id") + " shown twice");
            });
        }
        return rows;
    }
}
