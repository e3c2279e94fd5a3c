package io.cdp.server.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.health.ClickHouseHealthCheck;
import io.cdp.server.testing.TestClickHouse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse access layer against the real server of `cdp dev up` (18.16 here). */
class ClickHouseTest {
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.empty("migrate_test_ch");

    private final String database = CLICKHOUSE.database();
    private final ClickHouse clickHouse = CLICKHOUSE.client();

    @Test
    void statementsAndInsertsLandInTheConfiguredDatabase() {
        assertThat(clickHouse.query("SELECT currentDatabase() AS db").get(0).get("db").asText()).isEqualTo(database);
        clickHouse.execute("CREATE TABLE placed (id String) ENGINE = MergeTree ORDER BY id");
        clickHouse.insertJsonEachRow("placed", List.of(Map.of("id", "one")));
        assertThat(clickHouse.query("SELECT database FROM system.tables WHERE name = 'placed'"))
                .extracting(row -> row.get("database").asText()).containsExactly(database);
        assertThat(clickHouse.query("SELECT count() AS n FROM " + database + ".placed").get(0).get("n").asLong()).isEqualTo(1);
    }

    @Test
    void versionIsDetectedFromTheServer() {
        ClickHouseVersion version = clickHouse.version();
        String reported = clickHouse.query("SELECT version() AS v").get(0).get("v").asText();
        assertThat(reported).startsWith(version.major() + "." + version.minor() + "." + version.patch());
        assertThat(version.major()).isGreaterThanOrEqualTo(18);
    }

    @Test
    void capabilitiesGiveTimestampTypesTheServerAccepts() {
        ClickHouseCapabilities capabilities = clickHouse.capabilities();
        clickHouse.execute("CREATE TABLE typed (id String, at " + capabilities.dateTimeType()
                + ", maybe " + capabilities.nullableDateTimeType()
                + ", kind " + capabilities.lowCardinalityStringType()
                + ", flag " + capabilities.boolType() + ") ENGINE = MergeTree ORDER BY id");
        clickHouse.insertJsonEachRow("typed", List.of(
                Map.of("id", "a", "at", "2024-05-01T10:00:00Z", "kind", "track", "flag", 1)));

        ObjectNode row = clickHouse.query("SELECT id, toUnixTimestamp(at) AS epoch, maybe, kind FROM typed").get(0);
        assertThat(row.get("epoch").asLong()).isEqualTo(1714557600L);
        assertThat(row.get("maybe").isNull()).isTrue();
        assertThat(row.get("kind").asText()).isEqualTo("track");
        if (!capabilities.dateTime64()) {
            // The reason capabilities exist: this server has no DateTime64, so that DDL must fail.
            assertThatThrownBy(() -> clickHouse.execute(
                    "CREATE TABLE no_dt64 (at DateTime64(3)) ENGINE = MergeTree ORDER BY at"))
                    .isInstanceOf(ClickHouseAccessException.class);
        }
    }

    @Test
    void insertsJsonEachRowStreamSkippingUnknownFieldsAndParsingIsoTimestamps() {
        clickHouse.execute("CREATE TABLE stream_rows (id String, n Int64, at DateTime('UTC')) ENGINE = MergeTree ORDER BY id");
        String body = """
                {"id":"a","n":1,"at":"2024-05-01T10:00:00.123Z","unknown":"skipped"}
                {"id":"b","n":2,"at":"2024-05-01 12:30:00"}
                """;
        clickHouse.insertJsonEachRow("stream_rows", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));

        List<ObjectNode> rows = clickHouse.query("SELECT id, n, toString(at) AS at FROM stream_rows ORDER BY id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("id").asText()).isEqualTo("a");
        assertThat(rows.get(0).get("n").asLong()).isEqualTo(1);
        assertThat(rows.get(0).get("at").asText()).isEqualTo("2024-05-01 10:00:00");
        assertThat(rows.get(1).get("at").asText()).isEqualTo("2024-05-01 12:30:00");
    }

    @Test
    void insertsListOfRowsIntoNamedColumnsAndQuotesNames() {
        clickHouse.execute("CREATE TABLE `odd name` (`select` String, `n` Int64) ENGINE = MergeTree ORDER BY `select`");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("select", "x");
        row.put("n", 7);
        assertThat(clickHouse.insertJsonEachRow("odd name", List.of(row, Map.of("select", "y", "n", 8)))).isEqualTo(2);
        clickHouse.insertJsonEachRow("odd name", List.of("select"),
                new ByteArrayInputStream("{\"select\":\"z\",\"n\":99}\n".getBytes(StandardCharsets.UTF_8)));

        List<ObjectNode> rows = clickHouse.query("SELECT `select`, n FROM `odd name` ORDER BY `select`");
        assertThat(rows).extracting(r -> r.get("select").asText() + "=" + r.get("n").asLong())
                .containsExactly("x=7", "y=8", "z=0");
        assertThat(clickHouse.tableExists("odd name")).isTrue();
        assertThat(clickHouse.tableExists("no such table")).isFalse();
    }

    @Test
    void queryStreamsRowsOneByOne() {
        int[] seen = {0};
        clickHouse.query("SELECT number FROM system.numbers LIMIT 1000", row -> seen[0]++);
        assertThat(seen[0]).isEqualTo(1000);
    }

    @Test
    void serverErrorsCarryCodeAndAreNotRetriable() {
        assertThatThrownBy(() -> clickHouse.query("SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(ClickHouseAccessException.class, e -> {
                    assertThat(e.code()).isEqualTo(60);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("no_such_table");
                });
    }

    @Test
    void unreachableServerIsRetriable() {
        try (ClickHouse nowhere = new ClickHouse("http://127.0.0.1:1", "default", "", "default")) {
            assertThatThrownBy(nowhere::version)
                    .isInstanceOfSatisfying(ClickHouseAccessException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.getMessage()).startsWith("cannot reach ClickHouse");
                    });
        }
    }

    @Test
    void healthCheckReportsVersionWhenUpAndFailsWhenDown() {
        var healthy = new ClickHouseHealthCheck(clickHouse).execute();
        assertThat(healthy.isHealthy()).isTrue();
        assertThat(healthy.getMessage()).contains(clickHouse.version().toString());
        try (ClickHouse nowhere = new ClickHouse("http://127.0.0.1:1", "default", "", "default")) {
            assertThat(new ClickHouseHealthCheck(nowhere).execute().isHealthy()).isFalse();
        }
    }
}
