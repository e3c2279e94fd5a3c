package io.cdp.server.bulker.read;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A position in one JSON message's bytes that {@link RowReader} moves over token by token: it
 * finds where each value starts and ends and checks the grammar (RFC 8259) on the way, but
 * decodes nothing. The reader copies most values into the row as the message has them, so what
 * a general parser does besides (decoding strings into characters, canonicalising every key,
 * keeping a context stack) would be about half of the reader's time.
 *
 * <p>Strict where a parser is: unescaped control characters, bad escapes, malformed UTF-8,
 * numbers such as {@code 01} or {@code 1.}, missing commas, nesting deeper than
 * {@link #MAX_DEPTH} and a message that ends early all throw {@link IOException}, so such a
 * message goes to the dead-letter queue and never into a table.
 *
 * <p>Not thread-safe; one per reader, reset for each message.
 */
final class JsonCursor {
    /** Jackson's default limit too: deeper nesting is an attack more often than an event. */
    static final int MAX_DEPTH = 1000;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /** Long.MAX_VALUE has 19 digits; a 19-digit integer fits when it is not above it (or MIN_VALUE's). */
    private static final String LONG_MAX_DIGITS = String.valueOf(Long.MAX_VALUE);
    private static final String LONG_MIN_DIGITS = String.valueOf(Long.MIN_VALUE).substring(1);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private byte[] bytes;
    /** Where the message starts and ends in {@link #bytes}; positions are indices into the whole array. */
    private int start;
    private int end;
    private int at;

    // What the last scan found.
    private boolean escaped;
    private boolean ascii;
    private boolean integral;
    private boolean fitsLong;

    void reset(byte[] message) throws IOException {
        reset(message, 0, message.length);
    }

    /** Reads the message in {@code bytes} from {@code from} to {@code to}. */
    void reset(byte[] bytes, int from, int to) throws IOException {
        // JSON in UTF-16 or UTF-32 starts with an ASCII character, so one of its first two bytes
        // is zero; UTF-8 JSON never has one.
        if ((to - from > 0 && bytes[from] == 0) || (to - from > 1 && bytes[from + 1] == 0)) {
            throw new IOException("the message is not UTF-8 JSON");
        }
        this.bytes = bytes;
        this.start = from;
        this.end = to;
        this.at = from;
    }

    int position() {
        return at;
    }

    /** The next byte after whitespace, not consumed; -1 at the end of the message. */
    int peek() {
        // Events are written compactly: the byte at the cursor is almost always the token itself,
        // and every token's first byte is above the space, the highest whitespace byte.
        if (at < end && bytes[at] > ' ') {
            return bytes[at];
        }
        while (at < end) {
            byte b = bytes[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            at++;
        }
        return -1;
    }

    /** When the next byte after whitespace is {@code c}, moves past it and returns true. */
    private boolean skipIf(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    /** When the bytes at the cursor are {@code literal}, moves past them and returns true. */
    boolean skip(byte[] literal) {
        int stop = at + literal.length;
        if (stop <= end && startsWith(bytes, at, literal)) {
            at = stop;
            return true;
        }
        return false;
    }

    /**
     * Whether {@code bytes} from {@code at} (with room for all of {@code literal}) start with
     * {@code literal}, compared eight bytes at a time. For the keys this compares, a dozen bytes
     * or so, {@link Arrays#equals(byte[], int, int, byte[], int, int)} costs several times more:
     * its range checks and its call into the vectorized comparison are made for long arrays.
     */
    static boolean startsWith(byte[] bytes, int at, byte[] literal) {
        int length = literal.length;
        if (length < Long.BYTES) {
            for (int i = 0; i < length; i++) {
                if (bytes[at + i] != literal[i]) {
                    return false;
                }
            }
            return true;
        }
        int last = length - Long.BYTES; // the last word may overlap the one before: no byte-wise tail
        for (int i = 0; i < last; i += Long.BYTES) {
            if ((long) LONGS.get(bytes, at + i) != (long) LONGS.get(literal, i)) {
                return false;
            }
        }
        return (long) LONGS.get(bytes, at + last) == (long) LONGS.get(literal, last);
    }

    void expect(char expected) throws IOException {
        if (peek() != expected) {
            throw unexpected("'" + expected + "'");
        }
        at++;
    }

    /**
     * After an object's {@code {}: true, at the first key, when the object has fields; false,
     * past the {@code }}, when it is empty.
     */
    boolean firstField() throws IOException {
        if (skipIf('}')) {
            return false;
        }
        if (peek() != '"') {
            throw unexpected("a key or '}'");
        }
        return true;
    }

    /** After a field's value: true, at the next key, when a comma follows; false, past the {@code }}, at the end. */
    boolean nextField() throws IOException {
        if (skipIf('}')) {
            return false;
        }
        if (!skipIf(',')) {
            throw unexpected("',' or '}'");
        }
        if (peek() != '"') {
            throw unexpected("a key");
        }
        return true;
    }

    /**
     * Moves past an object's key at the cursor and the colon after it, and returns the index
     * after the key's closing quote; {@link #escaped()} and {@link #ascii()} describe the key.
     */
    int key() throws IOException {
        int keyEnd = string();
        expect(':');
        return keyEnd;
    }

    /**
     * Moves past the string at the cursor (whose opening quote is at {@link #position()} after
     * {@link #peek()}) and returns the index after its closing quote. Afterwards
     * {@link #escaped()} and {@link #ascii()} describe it.
     */
    int string() throws IOException {
        if (peek() != '"') {
            throw unexpected("a string");
        }
        byte[] b = bytes;
        boolean sawEscape = false;
        boolean onlyAscii = true;
        int i = at + 1;
        int wordsEnd = end - Long.BYTES;
        while (i < end) {
            if (i <= wordsEnd) {
                long special = special((long) LONGS.get(b, i));
                if (special == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3; // to the first byte that needs a look
            }
            int c = b[i];
            if (c == '"') {
                escaped = sawEscape;
                ascii = onlyAscii;
                at = i + 1;
                return at;
            }
            if (c == '\\') {
                sawEscape = true;
                i = escape(i + 1);
            } else if (c < 0) {
                onlyAscii = false;
                i = utf8(i, c);
            } else if (c < 0x20) {
                at = i;
                throw new IOException("a control character (0x" + Integer.toHexString(c)
                        + ") is not escaped in a string at byte " + (i - start));
            } else {
                i++;
            }
        }
        at = end;
        throw new IOException("the message ends inside a string");
    }

    /**
     * Marks (in each byte's high bit) the bytes of eight, read as a little-endian long, that a
     * string scan must look at: a quote, a backslash, a control character or non-ASCII. The
     * lowest mark is always a real one, so the scan can jump to it; the ones above may be
     * false (a borrow), which only costs a look. Eight bytes per step instead of one: strings
     * are most of an event's bytes.
     */
    private static long special(long word) {
        long quotes = word ^ 0x2222222222222222L;
        long backslashes = word ^ 0x5c5c5c5c5c5c5c5cL;
        return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word | word) & HIGH_BITS;
    }

    /** Whether the last {@link #string()} had escapes (its bytes are then not its text). */
    boolean escaped() {
        return escaped;
    }

    /** Whether the last {@link #string()} had only ASCII bytes. */
    boolean ascii() {
        return ascii;
    }

    /**
     * Moves past the number at the cursor and returns the index after it. Afterwards
     * {@link #integral()} and {@link #fitsLong()} describe it.
     */
    int number() throws IOException {
        peek();
        byte[] b = bytes;
        int i = at;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        if (i < end && b[i] == '0') {
            i++;
        } else if (i < end && b[i] >= '1' && b[i] <= '9') {
            while (i < end && isDigit(b[i])) {
                i++;
            }
        } else {
            at = i;
            throw unexpected("a digit");
        }
        int digits = i - digitsStart;
        boolean whole = true;
        if (i < end && b[i] == '.') {
            whole = false;
            i = digits(i + 1, "a digit after the decimal point");
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            whole = false;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(i, "a digit in the exponent");
        }
        integral = whole;
        fitsLong = whole && (digits < LONG_MAX_DIGITS.length()
                || (digits == LONG_MAX_DIGITS.length() && fitsLong(digitsStart, negative)));
        at = i;
        return i;
    }

    /** Whether the last {@link #number()} had neither fraction nor exponent. */
    boolean integral() {
        return integral;
    }

    /** Whether the last {@link #number()} was an integer within a long's range. */
    boolean fitsLong() {
        return fitsLong;
    }

    /** Moves past {@code true}, {@code false} or {@code null} at the cursor, checking it is spelt right. */
    void literal() throws IOException {
        byte[] word = switch (peek()) {
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            default -> throw unexpected("a value");
        };
        if (at + word.length > end) {
            throw new IOException("the message ends inside a value");
        }
        for (int i = 0; i < word.length; i++) {
            if (bytes[at + i] != word[i]) {
                throw unexpected("true, false or null");
            }
        }
        at += word.length;
    }

    /** Moves past the value at the cursor, whatever it is, checking it; {@code depth} objects and arrays enclose it. */
    void skipValue(int depth) throws IOException {
        switch (peek()) {
            case '"' -> string();
            case '{' -> {
                at++;
                checkDepth(depth);
                for (boolean more = firstField(); more; more = nextField()) {
                    key();
                    skipValue(depth + 1);
                }
            }
            case '[' -> {
                at++;
                checkDepth(depth);
                if (skipIf(']')) {
                    return;
                }
                while (true) {
                    skipValue(depth + 1);
                    int next = peek();
                    if (next != ',' && next != ']') {
                        throw unexpected("',' or ']'");
                    }
                    at++;
                    if (next == ']') {
                        return;
                    }
                }
            }
            case 't', 'f', 'n' -> literal();
            case -1 -> throw new IOException("the message ends where a value should be");
            default -> number();
        }
    }

    /** Checks that only whitespace follows the top-level value. */
    void expectEnd() throws IOException {
        if (peek() != -1) {
            throw unexpected("the end of the message");
        }
    }

    static void checkDepth(int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException("the event is nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    /** The index after the escape whose first character (after the backslash) is at {@code i}. */
    private int escape(int i) throws IOException {
        if (i >= end) {
            throw new IOException("the message ends inside a string");
        }
        switch (bytes[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                for (int h = i + 1; h <= i + 4; h++) {
                    if (h >= end || Character.digit(bytes[h], 16) < 0) {
                        throw new IOException("a \\u escape needs four hex digits, at byte " + (i - start));
                    }
                }
                return i + 5;
            }
            default -> throw new IOException("'\\" + (char) (bytes[i] & 0xff) + "' is not a JSON escape, at byte " + (i - start));
        }
    }

    /** The index after the UTF-8 sequence whose lead byte {@code lead} is at {@code i}. */
    private int utf8(int i, int lead) throws IOException {
        int b = lead & 0xff;
        int continuation;
        if (b >= 0xc2 && b <= 0xdf) {
            continuation = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
            continuation = 2;
        } else if (b >= 0xf0 && b <= 0xf4) {
            continuation = 3;
        } else {
            throw new IOException("the message is not valid UTF-8 (byte 0x" + Integer.toHexString(b) + " at " + (i - start) + ")");
        }
        for (int c = i + 1; c <= i + continuation; c++) {
            if (c >= end || (bytes[c] & 0xc0) != 0x80) {
                throw new IOException("the message is not valid UTF-8 (a sequence cut short at byte " + (c - start) + ")");
            }
        }
        return i + continuation + 1;
    }

    private int digits(int i, String expected) throws IOException {
        int first = i;
        while (i < end && isDigit(bytes[i])) {
            i++;
        }
        if (i == first) {
            at = i;
            throw unexpected(expected);
        }
        return i;
    }

    private boolean fitsLong(int digitsStart, boolean negative) {
        String limit = negative ? LONG_MIN_DIGITS : LONG_MAX_DIGITS;
        for (int i = 0; i < limit.length(); i++) {
            int difference = bytes[digitsStart + i] - limit.charAt(i);
            if (difference != 0) {
                return difference < 0;
            }
        }
        return true; // exactly the limit
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private IOException unexpected(String expected) {
        if (at >= end) {
            return new IOException("the message ends where " + expected + " should be");
        }
        return new IOException("expected " + expected + " at byte " + (at - start) + ", found '" + (char) (bytes[at] & 0xff) + "'");
    }
}
