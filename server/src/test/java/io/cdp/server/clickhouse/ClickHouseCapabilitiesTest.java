package io.cdp.server.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClickHouseCapabilitiesTest {
    @Test
    void parsesVersionsOfOldAndCurrentServers() {
        assertThat(ClickHouseVersion.parse("18.16.1")).isEqualTo(new ClickHouseVersion(18, 16, 1));
        assertThat(ClickHouseVersion.parse("24.8.4.13")).isEqualTo(new ClickHouseVersion(24, 8, 4));
        assertThat(ClickHouseVersion.parse("25.3")).isEqualTo(new ClickHouseVersion(25, 3, 0));
        assertThatThrownBy(() -> ClickHouseVersion.parse("unknown")).hasMessageContaining("unknown");
    }

    @Test
    void oldServerGetsSecondsAndPlainTypes() {
        ClickHouseCapabilities old = ClickHouseCapabilities.of(ClickHouseVersion.parse("18.16.1"));
        assertThat(old.placeholders())
                .containsEntry("DATETIME", "DateTime('UTC')")
                .containsEntry("NULLABLE_DATETIME", "Nullable(DateTime('UTC'))")
                .containsEntry("LOW_CARDINALITY_STRING", "String")
                .containsEntry("BOOL", "UInt8");
        assertThat(old.mutationsSync()).isFalse();
    }

    @Test
    void currentServerGetsMillisecondsAndBestTypes() {
        ClickHouseCapabilities current = ClickHouseCapabilities.of(ClickHouseVersion.parse("24.8.4.13"));
        assertThat(current.placeholders())
                .containsEntry("DATETIME", "DateTime64(3, 'UTC')")
                .containsEntry("NULLABLE_DATETIME", "Nullable(DateTime64(3, 'UTC'))")
                .containsEntry("LOW_CARDINALITY_STRING", "LowCardinality(String)")
                .containsEntry("BOOL", "Bool");
        assertThat(current.mutationsSync()).isTrue();
    }

    @Test
    void thresholdsSitAtTheirReleases() {
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("19.17.9")).dateTime64()).isFalse();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("20.1.2")).dateTime64()).isTrue();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("21.11.1")).bool()).isFalse();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("21.12.1")).bool()).isTrue();
    }
}
