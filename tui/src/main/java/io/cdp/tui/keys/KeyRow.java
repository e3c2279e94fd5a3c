package io.cdp.tui.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of the Keys screen: a workspace, one of its sources, or one of a source's write keys,
 * in that nesting. Built from the management API's answers by {@link #rows}.
 */
record KeyRow(Kind kind, String workspace, String source, JsonNode key, String text) {
    enum Kind { WORKSPACE, SOURCE, KEY }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /**
     * Every workspace, its sources and each source's keys (masked), with each key's creation, last
     * use and revocation.
     *
     * @param sources  workspace name → its sources ({@code /workspaces/{w}/sources} answers' arrays)
     * @param lastUsed key id → last use
     */
    static List<KeyRow> rows(JsonNode workspaces, Map<String, JsonNode> sources, JsonNode keys,
                             Map<String, Instant> lastUsed) {
        List<KeyRow> rows = new ArrayList<>();
        for (JsonNode workspace : workspaces) {
            String name = workspace.path("name").asText();
            rows.add(new KeyRow(Kind.WORKSPACE, name, null, null, name + "  (tier " + workspace.path("tier").asText()
                    + ", id " + workspace.path("id").asText() + ")"));
            for (JsonNode source : sources.getOrDefault(name, com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
                String sourceName = source.path("name").asText();
                rows.add(new KeyRow(Kind.SOURCE, name, sourceName, null, "  " + sourceName + " ("
                        + source.path("type").asText() + ")"));
                for (JsonNode key : keys) {
                    if (key.path("source_id").asText().equals(source.path("id").asText())) {
                        rows.add(new KeyRow(Kind.KEY, name, sourceName, key, "    " + keyLine(key,
                                lastUsed.get(key.path("id").asText()))));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * "key_…:cdp_wk_Q2x9…  created 12-05 20:01  used 12-05 20:03" (UTC), or "never used"; a
     * revoked key: "key_…  used 12-05 20:03  REVOKED 12-05 21:00". Short enough for 80 columns.
     */
    static String keyLine(JsonNode key, Instant lastUsed) {
        StringBuilder line = new StringBuilder(key.path("masked").asText(key.path("prefix").asText()));
        // A revoked key shows when it was revoked instead of when it was made: the line fits 80 columns.
        if (!key.hasNonNull("revoked_at")) {
            line.append("  created ").append(time(key.path("created_at")));
        }
        line.append(lastUsed == null ? "  never used" : "  used " + TIME.format(lastUsed));
        if (key.hasNonNull("revoked_at")) {
            line.append("  REVOKED ").append(time(key.path("revoked_at")));
        }
        return line.toString();
    }

    private static String time(JsonNode text) {
        return text.isTextual() ? TIME.format(Instant.parse(text.asText())) : "?";
    }
}
