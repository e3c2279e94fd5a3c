package io.cdp.tui.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Times typed on the Dead letters screen: "2h" means two hours ago; anything else goes to the server as typed. */
class DeadLettersScreenTest {
    private static final Instant NOW = Instant.parse("2026-12-05T20:00:00.750Z");

    @Test
    void shortDurationsAreTimesAgoAndTheRestIsLeftAsTyped() {
        assertThat(DeadLettersScreen.time("30m", NOW)).isEqualTo("2026-12-05T19:30:00Z");
        assertThat(DeadLettersScreen.time("2h", NOW)).isEqualTo("2026-12-05T18:00:00Z");
        assertThat(DeadLettersScreen.time(" 1d ", NOW)).isEqualTo("2026-12-04T20:00:00Z");
        assertThat(DeadLettersScreen.time("2026-12-01T00:00:00Z", NOW)).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(DeadLettersScreen.time("yesterday", NOW)).isEqualTo("yesterday");
        assertThat(DeadLettersScreen.time("  ", NOW)).isNull();
    }
}
