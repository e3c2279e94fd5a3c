package io.cdp.server.bulker;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Reads the ISO-8601 timestamps {@link io.cdp.server.event.FieldType#TIMESTAMP} recognises:
 * {@code T} or a space between date and time, optional fraction, {@code Z}, {@code +hh:mm},
 * {@code +hhmm} or no zone at all (taken as UTC, as the server's clock is).
 */
public final class Timestamps {
    private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern HAS_ZONE = Pattern.compile(".*(Z|[+-]\\d{2}:\\d{2})$");

    private Timestamps() {
    }

    public static Instant parse(String text) {
        String iso = OFFSET_WITHOUT_COLON.matcher(text.strip().replace(' ', 'T')).replaceFirst("$1:$2");
        if (HAS_ZONE.matcher(iso).matches()) {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
        return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
    }
}
