package io.cdp.server.bulker.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The cursor RowReader walks messages with: where values end, what it says about strings and
 * numbers, and that it refuses what a JSON parser refuses (Jackson, strict, is the reference).
 */
class JsonCursorTest {
    private static final ObjectReader STRICT = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static JsonCursor at(String json) throws IOException {
        JsonCursor cursor = new JsonCursor();
        cursor.reset(json.getBytes(StandardCharsets.UTF_8));
        return cursor;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"plain\"", " \"a \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\uD83D\" ",
            "\"caf\u00e9 \uD83D\uDE00 \u4e2d\"", "0", "-0", "12.5e-3", "1E+9", "true", "false", "null", "[]", "{}",
            "[1, \"two\", {\"three\": [3.0, null]}, true]", "\t{ \"a\" : { \"b\" : [ ] } , \"c\" : -1 }\r\n"})
    void skipsAWholeValueOfAnyKind(String json) throws IOException {
        JsonCursor cursor = at(json);

        cursor.skipValue(0);
        int end = cursor.position();
        cursor.expectEnd();

        assertThat(end).isEqualTo(json.stripTrailing().getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unterminated", "\"tab\tinside\"", "\"bad \\x escape\"", "\"short \\u12\"", "01", "1.",
            "-", "1e", "+1", ".5", "[1,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1", "nul", "tru",
            "True", "NaN", "'single'", "[", "{\"a\":}", "1 2"})
    void refusesWhatIsNotJson(String json) {
        assertThatThrownBy(() -> {
            JsonCursor cursor = at(json);
            cursor.skipValue(0);
            cursor.expectEnd();
        }).isInstanceOf(IOException.class).hasMessageNotContaining("Exception");
    }

    @Test
    void refusesMalformedUtf8AndUtf16() {
        byte[][] malformed = {{'"', (byte) 0xc0, (byte) 0x80, '"'}, {'"', (byte) 0xe2, (byte) 0x82, '"'},
                {'"', (byte) 0xff, '"'}, {'"', (byte) 0x80, '"'}};
        for (byte[] bytes : malformed) {
            assertThatThrownBy(() -> {
                JsonCursor cursor = new JsonCursor();
                cursor.reset(bytes);
                cursor.string();
            }).isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
        }
        assertThatThrownBy(() -> new JsonCursor().reset("{}".getBytes(StandardCharsets.UTF_16LE)))
                .isInstanceOf(IOException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() throws IOException {
        String ok = "[".repeat(JsonCursor.MAX_DEPTH - 1) + "]".repeat(JsonCursor.MAX_DEPTH - 1);
        at(ok).skipValue(0);

        String deep = "[".repeat(JsonCursor.MAX_DEPTH + 1) + "]".repeat(JsonCursor.MAX_DEPTH + 1);
        assertThatThrownBy(() -> at(deep).skipValue(0)).isInstanceOf(IOException.class).hasMessageContaining("nested");
    }

    @Test
    void tellsIntegersThatFitALongFromTheRest() throws IOException {
        String[][] cases = {{"0", "true", "true"}, {"-12", "true", "true"}, {"9223372036854775807", "true", "true"},
                {"9223372036854775808", "true", "false"}, {"-9223372036854775808", "true", "true"},
                {"-9223372036854775809", "true", "false"}, {"12345678901234567890", "true", "false"},
                {"1.0", "false", "false"}, {"1e3", "false", "false"}};
        for (String[] number : cases) {
            JsonCursor cursor = at(number[0]);
            assertThat(cursor.number()).isEqualTo(number[0].length());
            assertThat(cursor.integral()).as(number[0]).isEqualTo(Boolean.parseBoolean(number[1]));
            assertThat(cursor.fitsLong()).as(number[0]).isEqualTo(Boolean.parseBoolean(number[2]));
        }
    }

    /** The scan jumps eight bytes at a time: a quote, escape or non-ASCII byte at every offset must still be seen. */
    @Test
    void findsTheEndOfAStringWhereverItsSpecialBytesAre() throws IOException {
        for (int length = 0; length < 40; length++) {
            for (int special = -1; special < length; special++) {
                for (String insert : new String[] {"\\\"", "\u00e9", "\\n"}) {
                    StringBuilder text = new StringBuilder("x".repeat(length));
                    if (special >= 0) {
                        text.insert(special, insert);
                    }
                    String json = "\"" + text + "\",\"next\"";
                    JsonCursor cursor = at(json);

                    int end = cursor.string();

                    assertThat(end).as(json).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length + 2);
                    assertThat(cursor.escaped()).as(json).isEqualTo(special >= 0 && insert.startsWith("\\"));
                    assertThat(cursor.ascii()).as(json).isEqualTo(special < 0 || !insert.equals("\u00e9"));
                }
            }
        }
    }

    /**
     * Random documents with random whitespace, then each with one byte changed to a character
     * that matters in JSON: the cursor accepts exactly what strict Jackson accepts.
     */
    @Test
    void acceptsExactlyWhatAStrictParserAccepts() {
        Random random = new Random(11);
        byte[] significant = "{}[]:,\"\\ \t\n0123456789-+.eEtrufalsn\u0001x/".getBytes(StandardCharsets.ISO_8859_1);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder document = new StringBuilder();
            randomValue(random, document, 0);
            byte[] bytes = document.toString().getBytes(StandardCharsets.UTF_8);
            if (i % 2 == 1) {
                bytes[random.nextInt(bytes.length)] = significant[random.nextInt(significant.length)];
            }
            boolean jackson = parses(bytes);
            assertThat(cursorAccepts(bytes)).as("%s %s", new String(bytes, StandardCharsets.UTF_8), Arrays.toString(bytes))
                    .isEqualTo(jackson);
            accepted += jackson ? 1 : 0;
        }
        assertThat(accepted).isBetween(10_000, 19_000); // every document, and some changed ones, are valid
    }

    private static boolean parses(byte[] bytes) {
        try {
            return !STRICT.readTree(bytes).isMissingNode(); // Jackson reads no content as "missing", not an error

        } catch (IOException e) {
            return false;
        }
    }

    private static boolean cursorAccepts(byte[] bytes) {
        try {
            JsonCursor cursor = new JsonCursor();
            cursor.reset(bytes);
            cursor.skipValue(0);
            cursor.expectEnd();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void randomValue(Random random, StringBuilder out, int depth) {
        space(random, out);
        switch (depth > 3 ? 4 + random.nextInt(5) : random.nextInt(9)) {
            case 0, 1 -> {
                out.append('{');
                int fields = random.nextInt(4);
                for (int i = 0; i < fields; i++) {
                    space(random, out);
                    randomString(random, out);
                    space(random, out);
                    out.append(':');
                    randomValue(random, out, depth + 1);
                    if (i < fields - 1) {
                        out.append(',');
                    }
                }
                space(random, out);
                out.append('}');
            }
            case 2, 3 -> {
                out.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    randomValue(random, out, depth + 1);
                    if (i < items - 1) {
                        out.append(',');
                    }
                }
                space(random, out);
                out.append(']');
            }
            case 4, 5 -> randomString(random, out);
            case 6 -> out.append(new String[] {"0", "-0", "12", "-3.25", "6.02e23", "1E-7", "123456789012345678901"}
                    [random.nextInt(7)]);
            default -> out.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
        }
        space(random, out);
    }

    /** Every length around the word size, and a difference at every position, the overlapping last word's included. */
    @Test
    void comparesALiteralWithTheBytesAtAnyPositionExactly() {
        for (int length = 0; length <= 25; length++) {
            byte[] literal = new byte[length];
            for (int i = 0; i < length; i++) {
                literal[i] = (byte) ('a' + i);
            }
            byte[] bytes = new byte[length + 5];
            System.arraycopy(literal, 0, bytes, 3, length);
            assertThat(JsonCursor.startsWith(bytes, 3, literal)).as("length %d", length).isTrue();
            for (int differs = 0; differs < length; differs++) {
                byte[] other = bytes.clone();
                other[3 + differs] = '!';
                assertThat(JsonCursor.startsWith(other, 3, literal)).as("length %d, differs at %d", length, differs)
                        .isFalse();
            }
        }
    }

    private static void randomString(Random random, StringBuilder out) {
        String[] pieces = {"a", "plain text ", "\\\"", "\\\\", "\\n", "\\u00e9", "\u00e9", "\uD83D\uDE00", "/", "12345678"};
        out.append('"');
        for (int i = random.nextInt(6); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        out.append('"');
    }

    private static void space(Random random, StringBuilder out) {
        if (random.nextInt(3) == 0) {
            out.append(" \t\n\r".charAt(random.nextInt(4)));
        }
    }
}
