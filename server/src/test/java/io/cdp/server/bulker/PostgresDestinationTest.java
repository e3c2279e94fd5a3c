package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.TenantTables;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.bulker.postgres.PostgresDestination;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The destination contract on the real PostgreSQL server, in a database of its own. */
class PostgresDestinationTest extends DestinationContractTest {
    private static PGSimpleDataSource dataSource;
    private static PostgresDestination destination;

    @BeforeAll
    static void createDatabase() {
        dataSource = dataSource(TestServices.createDatabase("bulker_pg_dest"));
        destination = new PostgresDestination(dataSource);
    }

    static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(TestServices.jdbcUrl(database));
        source.setUser(TestServices.PG_USER);
        return source;
    }

    @Override
    Destination destination() {
        return destination;
    }

    @Override
    Map<String, Map<String, String>> rows(String table) {
        return textRows(dataSource, table);
    }

    @Test
    void workspaceTablesWithNamesOfTheFullLengthEachGetTheirOwnVisitorIndex() throws Exception {
        String first = TenantTables.name("ws_aaaaaaaaaaaaaaaa", "t".repeat(42));
        String second = TenantTables.name("ws_bbbbbbbbbbbbbbbb", "t".repeat(42));
        destination.createTable(first);
        destination.createTable(second);
        for (String table : new String[] {first, second}) {
            try (Connection connection = dataSource.getConnection();
                 java.sql.PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_indexes"
                         + " WHERE tablename = ? AND indexdef LIKE '%anonymous_id%'")) {
                statement.setString(1, table);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    assertThat(result.getInt(1)).as(table).isEqualTo(1);
                }
            }
        }
    }

    /** Every row of {@code table}, by {@link #rowKey}, values as text. */
    static Map<String, Map<String, String>> textRows(javax.sql.DataSource dataSource, String table) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT row_to_json(t)::text FROM \"" + table + "\" t")) {
            while (result.next()) {
                JsonNode row = EventJson.MAPPER.readTree(result.getString(1));
                rows.put(rowKey(row), textValues(row));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + table, e);
        }
        return rows;
    }

    /** The {@code information_schema} data type of a column ("text", "double precision"). */
    static String columnType(javax.sql.DataSource dataSource, String table, String column) {
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement("SELECT data_type FROM "
                     + "information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
                     + "AND column_name = ?")) {
            statement.setString(1, table);
            statement.setString(2, column);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the type of " + table + "." + column, e);
        }
    }
}
