package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {
    @ParameterizedTest
    @CsvSource({
            "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.123Z, 2024-05-01T10:00:00.123Z",
            "2024-05-01T12:00:00+02:00, 2024-05-01T10:00:00Z",
            "2024-05-01T12:00:00+0200, 2024-05-01T10:00:00Z",
            "2024-05-01 10:00:00, 2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.123456789Z, 2024-05-01T10:00:00.123456789Z"})
    void readsEveryFormTheTypeCheckCallsATimestamp(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }
}
