package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"hello\"                      | STRING",
            "42                             | INT",
            "-7                             | INT",
            "4.5                            | FLOAT",
            "1e3                            | FLOAT",
            "99999999999999999999999        | FLOAT",
            "true                           | BOOL",
            "\"2026-11-26T05:00:00Z\"       | TIMESTAMP",
            "\"2026-11-26T05:00:00.123+02:00\" | TIMESTAMP",
            "\"2026-11-26 05:00:00\"        | TIMESTAMP",
            "\"2026-13-45T05:00:00Z\"       | STRING",
            "\"2026-11-26\"                 | STRING",
            "[1,2]                          | JSON"})
    void typeOfAValue(String json, FieldType expected) throws Exception {
        assertThat(FieldType.of(EventJson.MAPPER.readTree(json))).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"null"})
    void nullHasNoType(String json) throws Exception {
        assertThat(FieldType.of(EventJson.MAPPER.readTree(json))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "STRING, STRING, true",
            "FLOAT, INT, true",
            "STRING, TIMESTAMP, true",
            "INT, FLOAT, false",
            "INT, STRING, false",
            "STRING, INT, false",
            "BOOL, INT, false",
            "TIMESTAMP, STRING, false",
            "JSON, STRING, false"})
    void onlyLosslessWideningIsAccepted(FieldType learned, FieldType value, boolean accepted) {
        assertThat(learned.accepts(value)).isEqualTo(accepted);
    }
}
