package io.cdp.server.migrate;

import java.time.Instant;

/**
 * One migration as {@code cdp migrate status} shows it.
 *
 * @param target      the database it belongs to
 * @param version     its version, the {@code n} of {@code V{n}__name.sql}
 * @param description its name with spaces ({@code V1__data_model.sql} → "data model")
 * @param state       applied, pending, ...
 * @param appliedAt   when it was applied, {@code null} when it is not
 */
public record MigrationStatus(MigrationTarget target, String version, String description, State state, Instant appliedAt) {
    /** Where a migration stands. */
    public enum State {
        /** Applied, and the file is unchanged. */
        APPLIED,
        /** A file not applied yet: {@code up} applies it. */
        PENDING,
        /** Applied, but the file changed since: {@code up} refuses until the edit is reverted. */
        CHANGED,
        /** Applied, but its file is gone. */
        MISSING,
        /** Its last attempt failed and was recorded as such (Flyway, non-transactional cases). */
        FAILED,
        /** Any other Flyway state (ignored, out of order, ...), shown with Flyway's name. */
        OTHER;

        /** Lower-case name for tables and messages. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** "V1 data model", for progress lines and messages. */
    public String title() {
        return "V" + version + " " + description;
    }
}
