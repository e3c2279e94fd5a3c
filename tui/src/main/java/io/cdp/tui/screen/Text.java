package io.cdp.tui.screen;

/** Small text helpers the screens share for filters and optional fields. */
public final class Text {
    private Text() {
    }

    /** A filter value as shown: "*" for none. */
    public static String star(String value) {
        return value == null ? "*" : value;
    }

    public static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** What was typed, trimmed; null when nothing was. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
