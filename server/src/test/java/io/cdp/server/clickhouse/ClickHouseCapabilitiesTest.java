package io.cdp.server.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickHouseCapabilitiesTest {
    @Test
    void parsesVersionsOfOldAndCurrentServers() {
        assertThat(ClickHouseVersion.parse("18.16.1")).isEqualTo(new ClickHouseVersion(18, 16, 1));
        assertThat(ClickHouseVersion.parse("24.8.4.13")).isEqualTo(new ClickHouseVersion(24, 8, 4));
        assertThat(ClickHouseVersion.parse("25.3")).isEqualTo(new ClickHouseVersion(25, 3, 0));
        assertThatThrownBy(() -> ClickHouseVersion.parse("unknown")).hasMessageContaining("unknown");
    }

    /** An old server gets seconds and plain types; a current one milliseconds and the best types. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "18.16.1   | DateTime('UTC')       | Nullable(DateTime('UTC'))       | String                 | UInt8 | false",
            "24.8.4.13 | DateTime64(3, 'UTC') | Nullable(DateTime64(3, 'UTC')) | LowCardinality(String) | Bool  | true"})
    void serverVersionChoosesTypesAndMutationMode(String version, String dateTime, String nullableDateTime,
                                                 String lowCardinalityString, String bool, boolean mutationsSync) {
        ClickHouseCapabilities capabilities = ClickHouseCapabilities.of(ClickHouseVersion.parse(version));
        assertThat(capabilities.placeholders())
                .containsEntry("DATETIME", dateTime)
                .containsEntry("NULLABLE_DATETIME", nullableDateTime)
                .containsEntry("LOW_CARDINALITY_STRING", lowCardinalityString)
                .containsEntry("BOOL", bool);
        assertThat(capabilities.mutationsSync()).isEqualTo(mutationsSync);
    }

    @Test
    void thresholdsSitAtTheirReleases() {
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("19.17.9")).dateTime64()).isFalse();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("20.1.2")).dateTime64()).isTrue();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("21.11.1")).bool()).isFalse();
        assertThat(ClickHouseCapabilities.of(ClickHouseVersion.parse("21.12.1")).bool()).isTrue();
    }
}
