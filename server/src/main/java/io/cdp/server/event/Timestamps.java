package io.cdp.server.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one timestamp grammar of the pipeline: the event times ingest reads ({@code timestamp},
 * {@code sentAt}, …) and the string values {@link FieldType#TIMESTAMP} stands for, in the
 * schema check and the bulker alike. It recognises ISO-8601 date-times:
 * {@code yyyy-MM-dd}, {@code T} or a space, {@code HH:mm:ss}, an optional fraction of 1 to 9
 * digits, and an optional zone ({@code Z}, {@code +hh:mm} or {@code +hhmm}, at most 18 hours).
 * The date must exist (no February 30th) and the time must be valid, exactly as
 * {@code DateTimeFormatter.ISO_LOCAL_DATE_TIME}/{@code ISO_OFFSET_DATE_TIME} would decide.
 *
 * <p>Hand-written because it runs for every string value of every event, at ingest and in the
 * bulker: a regular expression followed by a {@code DateTimeFormatter} parse cost microseconds
 * per value and were the bulker's largest single cost. {@code TimestampsTest} checks it
 * against that formatter-based definition.
 */
public final class Timestamps {
    private static final int MIN_LENGTH = "2000-01-01T00:00:00".length();
    private static final int MAX_LENGTH = "2000-01-01T00:00:00.123456789+00:00".length();
    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * The instant {@code text} names when it {@link #matches matches} the grammar (surrounding
     * white space aside); a date-time without a zone is taken as UTC, as the server's clock is.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (!matches(value)) {
            return Optional.empty();
        }
        String iso = value.replace(' ', 'T');
        int length = iso.length();
        char last = iso.charAt(length - 1);
        if (last == 'Z' || iso.charAt(length - 6) == '+' || iso.charAt(length - 6) == '-') {
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        }
        if (iso.charAt(length - 5) == '+' || iso.charAt(length - 5) == '-') {
            // +hhmm: java.time's ISO parser wants the colon.
            iso = iso.substring(0, length - 2) + ':' + iso.substring(length - 2);
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        }
        return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
    }

    /** {@code 2026-11-26T05:00:00.123Z}: how the pipeline writes the times it sets. */
    public static String format(Instant instant) {
        return OUTPUT.format(instant);
    }

    /**
     * {@link #matches(CharSequence)} for ASCII text held in bytes (the bulker's rows), without
     * making a String of it; most strings are rejected by their length and fifth character alone.
     */
    public static boolean matches(byte[] ascii, int from, int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH || ascii[from + 4] != '-') {
            return false;
        }
        return matches(new AsciiChars(ascii, from, length));
    }

    public static boolean matches(CharSequence text) {
        int length = text.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != 'T' && text.charAt(10) != ' ') || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int at = MIN_LENGTH;
        if (at < length && text.charAt(at) == '.') {
            int fractionStart = ++at;
            while (at < length && isDigit(text.charAt(at))) {
                at++;
            }
            int fractionDigits = at - fractionStart;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return false;
            }
        }
        return at == length || zone(text, at);
    }

    /** {@code Z}, {@code ±hh:mm} or {@code ±hhmm} from {@code at} to the end. */
    private static boolean zone(CharSequence text, int at) {
        int rest = text.length() - at;
        char sign = text.charAt(at);
        if (sign == 'Z') {
            return rest == 1;
        }
        if ((sign != '+' && sign != '-') || (rest != 6 && rest != 5)) {
            return false;
        }
        if (rest == 6 && text.charAt(at + 3) != ':') {
            return false;
        }
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + rest - 2, 2);
        return hours >= 0 && minutes >= 0 && minutes <= 59 && (hours < 18 || (hours == 18 && minutes == 0));
    }

    /** The number written by {@code count} digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysIn(int month, int year) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** ASCII bytes read as characters. */
    private record AsciiChars(byte[] bytes, int offset, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) bytes[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
    }
}
