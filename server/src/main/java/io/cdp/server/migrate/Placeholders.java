package io.cdp.server.migrate;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in a ClickHouse migration with the type the server supports (see
 * {@link io.cdp.server.clickhouse.ClickHouseCapabilities#placeholders()}): one file serves
 * 18.16 and current servers. An unknown name is an error, never left in the SQL.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private Placeholders() {
    }

    static String resolve(MigrationScript script, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(script.sql());
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new MigrationException(script.fileName() + " uses ${" + matcher.group(1)
                        + "}, which is not a known placeholder (known: " + new TreeSet<>(values.keySet())
                        + "; see docs/migrations.md). Fix the file and run again.", null);
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
