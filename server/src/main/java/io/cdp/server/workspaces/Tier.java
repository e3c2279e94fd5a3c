package io.cdp.server.workspaces;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A workspace's plan; it chooses the rate limits (seed "Rate Limits"). */
public enum Tier {
    DEFAULT, PRO, ENTERPRISE;

    /** The lower-case name used in JSON, in the database and on the command line. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code default}, {@code pro} or {@code enterprise} (any case). */
    @JsonCreator
    public static Tier of(String id) {
        for (Tier tier : values()) {
            if (tier.name().equalsIgnoreCase(id)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + id + "': use one of "
                + Arrays.stream(values()).map(Tier::id).collect(Collectors.joining(", ")));
    }
}
