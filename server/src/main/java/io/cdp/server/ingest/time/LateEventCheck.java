package io.cdp.server.ingest.time;

import io.cdp.server.error.AppError;
import java.time.Duration;

/**
 * Pipeline step 5: an event the client sent longer than the window (24 h by default) before it
 * arrived is refused with 422 and dropped (seed "Key Design Decisions"); it is logged with its
 * payload by the caller. Events without {@code sentAt} cannot be judged and pass. Thread-safe.
 */
public class LateEventCheck {
    private final Duration window;

    public LateEventCheck(Duration window) {
        this.window = window;
    }

    public void check(EventTimes times) {
        if (times.sentAt() == null) {
            return;
        }
        Duration age = Duration.between(times.sentAt(), times.receivedAt());
        if (age.compareTo(window) > 0) {
            throw AppError.unprocessable("event is late: sent " + describe(age) + " before it arrived; events"
                    + " older than " + describe(window) + " are dropped", "sentAt");
        }
    }

    private static String describe(Duration duration) {
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        return hours > 0 ? hours + "h" + (minutes > 0 ? " " + minutes + "m" : "") : duration.toSeconds() + "s";
    }
}
