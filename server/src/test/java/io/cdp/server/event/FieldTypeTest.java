package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"hello\"                      | STRING",
            "42                             | FLOAT",
            "-7                             | FLOAT",
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FLOAT  | 12                   | true",
            "FLOAT  | 12.5                 | true",
            "INT    | 12                   | true",
            "INT    | 12.5                 | false",
            "INT    | 99999999999999999999 | false",
            "STRING | 12                   | false",
            "BOOL   | null                 | true"})
    void numbersFitFloatFieldsAndIntegersFitIntFields(FieldType learned, String json, boolean fits) throws Exception {
        assertThat(FieldType.fits(learned, EventJson.MAPPER.readTree(json))).isEqualTo(fits);
    }
}
