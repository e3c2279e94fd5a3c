package io.cdp.server.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into its statements at the semicolons that end them: ClickHouse's HTTP
 * interface runs one statement per request. Semicolons inside string literals, quoted
 * identifiers and comments do not split; statements that hold only comments are dropped.
 *
 * <pre>{@code
 * SqlStatements.split("CREATE TABLE a (x String) ENGINE = Log; -- one\nSELECT ';'");
 * // ["CREATE TABLE a (x String) ENGINE = Log", "-- one\nSELECT ';'"]
 * }</pre>
 */
public final class SqlStatements {
    private SqlStatements() {
    }

    /** The statements of {@code script}, without their final semicolons, in order. */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean hasCode = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            int end;
            if (c == '-' && script.startsWith("--", i)) {
                end = script.indexOf('\n', i);
                end = end < 0 ? script.length() : end;
            } else if (c == '/' && script.startsWith("/*", i)) {
                end = script.indexOf("*/", i + 2);
                end = end < 0 ? script.length() : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                end = quotedEnd(script, i, c);
                hasCode = true;
            } else if (c == ';') {
                if (hasCode) {
                    statements.add(current.toString().strip());
                }
                current.setLength(0);
                hasCode = false;
                i++;
                continue;
            } else {
                end = i + 1;
                hasCode |= !Character.isWhitespace(c);
            }
            current.append(script, i, end);
            i = end;
        }
        if (hasCode) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /** Index just past the closing quote; a backslash escapes, and a doubled quote is one quote. */
    private static int quotedEnd(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < script.length() && script.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return script.length();
    }
}
