package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFilesTest {
    @TempDir
    Path root;

    @Test
    void newPairTakesTheNextNumberInItsTargetsFolder() throws Exception {
        Files.createDirectories(root.resolve("migrations"));
        Files.writeString(root.resolve("migrations/V1__data_model.sql"), "");
        Files.writeString(root.resolve("migrations/U1__data_model.sql"), "");
        Files.writeString(root.resolve("migrations/V7__later.sql"), "");
        Files.writeString(root.resolve("migrations/README.md"), "not a migration");

        MigrationFiles.Pair pair = MigrationFiles.create(MigrationTarget.POSTGRES, root, "Add orders-table");

        assertThat(pair.apply()).isEqualTo(root.resolve("migrations/V8__add_orders_table.sql"));
        assertThat(pair.undo()).isEqualTo(root.resolve("migrations/U8__add_orders_table.sql"));
        assertThat(Files.readString(pair.apply())).startsWith("-- V8:");
        assertThat(Files.readString(pair.undo())).startsWith("-- U8: undoes V8");
    }

    @Test
    void firstClickHousePairIsOneAndMentionsPlaceholders() throws Exception {
        MigrationFiles.Pair pair = MigrationFiles.create(MigrationTarget.CLICKHOUSE, root, "events");
        assertThat(pair.apply()).isEqualTo(root.resolve("clickhouse/V1__events.sql"));
        assertThat(Files.readString(pair.apply())).contains("${DATETIME}");
        assertThat(ScriptSource.directory(root).scripts(MigrationTarget.CLICKHOUSE))
                .extracting(MigrationScript::fileName).containsExactly("V1__events.sql", "U1__events.sql");
    }

    @Test
    void badNameIsRefusedWithAnExample() {
        assertThatThrownBy(() -> MigrationFiles.create(MigrationTarget.POSTGRES, root, "drop; table"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'drop; table'")
                .hasMessageContaining("add_orders_table");
    }

    @Test
    void twoFilesForOneVersionAreRefused() throws Exception {
        Files.createDirectories(root.resolve("clickhouse"));
        Files.writeString(root.resolve("clickhouse/V2__a.sql"), "");
        Files.writeString(root.resolve("clickhouse/V2__b.sql"), "");
        assertThatThrownBy(() -> ScriptSource.directory(root).scripts(MigrationTarget.CLICKHOUSE))
                .hasMessageContaining("V2__a.sql and V2__b.sql");
    }
}
