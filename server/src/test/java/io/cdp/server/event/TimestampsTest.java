package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    /** The definition the hand-written check replaces: a pattern, then java.time's strict ISO parsers. */
    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})?");

    private static boolean byFormatter(String text) {
        Matcher iso = ISO_DATE_TIME.matcher(text);
        if (!iso.matches()) {
            return false;
        }
        try {
            String normalized = text.replace(' ', 'T');
            String zone = iso.group(2);
            if (zone == null) {
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.parse(normalized);
            } else {
                if (zone.length() == 5) {
                    int cut = normalized.length() - 2;
                    normalized = normalized.substring(0, cut) + ':' + normalized.substring(cut);
                }
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(normalized);
            }
            return true;
        } catch (DateTimeParseException notADate) {
            return false;
        }
    }

    /**
     * The bytes path as the bulker uses it: the text's UTF-8 in the middle of a larger message,
     * between digits that must not be read as part of it.
     */
    private static boolean matchesInBytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[utf8.length + 6];
        Arrays.fill(message, (byte) '9');
        System.arraycopy(utf8, 0, message, 3, utf8.length);
        return Timestamps.matches(message, 3, utf8.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T05:00:00Z", "2026-11-26 05:00:00", "2026-11-26T05:00:00.1+02:00",
            "2026-11-26T05:00:00.123456789-0530", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
            "0000-01-01T00:00:00", "2026-11-26T05:00:00+18:00", "2026-11-26T05:00:00-18:00"})
    void acceptsIsoDateTimes(String text) {
        assertThat(Timestamps.matches(text)).isTrue();
        assertThat(matchesInBytes(text)).isTrue();
        assertThat(byFormatter(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T05:60:00Z", "2026-11-26T05:00:60Z",
            "2026-11-26T05:00:00.Z", "2026-11-26T05:00:00.1234567890Z", "2026-11-26T05:00:00+18:01",
            "2026-11-26T05:00:00+19:00", "2026-11-26T05:00:00+02:60", "2026-11-26T05:00:00z",
            "2026-11-26t05:00:00Z", "2026-11-26T05:00:00+2:00", "2026-11-26T05:00:00Zulu", "２０２６-11-26T05:00:00Z",
            "2026-11-26T05:00:00 ", "abcd-ef-ghTij:kl:mn", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z"})
    void rejectsWhatIsNotOne(String text) {
        assertThat(Timestamps.matches(text)).isFalse();
        assertThat(matchesInBytes(text)).isFalse();
        assertThat(byFormatter(text)).isFalse();
    }

    /** Random near-misses: the hand-written check and the formatter definition agree on every one. */
    @Test
    void agreesWithTheFormatterDefinition() {
        Random random = new Random(42);
        String alphabet = "0123456789-:T .Z+z";
        String[] seeds = {"2024-02-29T23:59:59.123+05:30", "2026-11-26 05:00:00", "1999-12-31T23:59:59Z",
                "2100-02-28T12:00:00-0800"};
        int timestamps = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String candidate = text.toString();
            boolean expected = byFormatter(candidate);
            assertThat(Timestamps.matches(candidate)).as(candidate).isEqualTo(expected);
            assertThat(matchesInBytes(candidate)).as(candidate).isEqualTo(expected);
            timestamps += expected ? 1 : 0;
        }
        assertThat(timestamps).as("the sample holds both kinds").isBetween(10_000, 190_000);
    }

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.123Z, 2024-05-01T10:00:00.123Z",
            "2024-05-01T12:00:00+02:00, 2024-05-01T10:00:00Z",
            "2024-05-01T12:00:00+0200, 2024-05-01T10:00:00Z",
            "2024-05-01T05:00:00-0500, 2024-05-01T10:00:00Z",
            "2024-05-01 10:00:00, 2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.5, 2024-05-01T10:00:00.500Z",
            "2024-05-01T10:00:00.123456789Z, 2024-05-01T10:00:00.123456789Z"})
    void parsesEveryFormTheGrammarAccepts(String text, String expected) {
        assertThat(Timestamps.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "yesterday", "2026-11-26", "2026-02-29T00:00:00Z", "1764133200"})
    void parsesNothingElse(String text) {
        assertThat(Timestamps.parse(text)).isEmpty();
        assertThat(Timestamps.parse(null)).isEmpty();
    }

    @Test
    void formatsInUtcWithMilliseconds() {
        assertThat(Timestamps.format(Instant.parse("2026-11-26T05:00:00.123456Z"))).isEqualTo("2026-11-26T05:00:00.123Z");
    }
}
