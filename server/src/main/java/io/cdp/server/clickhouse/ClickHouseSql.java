package io.cdp.server.clickhouse;

/**
 * Quoting for SQL built by hand. ClickHouse 18.16 has no query parameters ({@code {name:Type}}
 * arrived in 19.x), so values and identifiers that come from users or events must be quoted
 * here, never concatenated raw.
 */
public final class ClickHouseSql {
    private ClickHouseSql() {
    }

    /** A back-quoted identifier: {@code my`col} → {@code `my\`col`}. */
    public static String identifier(String name) {
        return '`' + escape(name, '`') + '`';
    }

    /** A single-quoted string literal: {@code it's} → {@code 'it\'s'}. */
    public static String literal(String value) {
        return '\'' + escape(value, '\'') + '\'';
    }

    private static String escape(String text, char quote) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == quote) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
