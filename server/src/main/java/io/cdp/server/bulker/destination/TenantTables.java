package io.cdp.server.bulker.destination;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place that says where a workspace's rows are stored: table {@code T} of workspace
 * {@code W} is the destination table {@code T__W} ({@code events__ws_3k9x0q7m2b8c1d4e}), in
 * ClickHouse and in the PostgreSQL warehouse alike. Each workspace thus has tables of its own,
 * whose columns and types only its own events decide (docs/architecture.md, "Tenant layout").
 *
 * <p>The name is unambiguous: table names are sanitized field names, which never hold two
 * underscores in a row, and a workspace id may not hold them either, so the last {@code __}
 * splits a name back into its table and workspace ({@link #parse}), and no two (table,
 * workspace) pairs share a name. Workspace ids are checked to be safe identifiers (lower-case
 * letters, digits and single underscores, starting with a letter), so a name never needs
 * quoting to be read by hand, and names are kept within PostgreSQL's 63 bytes instead of being
 * cut short by it. Stateless and thread-safe.
 *
 * <pre>{@code
 * TenantTables.name("ws_3k9x0q7m2b8c1d4e", "events");   // "events__ws_3k9x0q7m2b8c1d4e"
 * TenantTables.parse("orders__ws_1").orElseThrow();     // Table[table=orders, workspaceId=ws_1]
 * }</pre>
 */
public final class TenantTables {
    /** Between the table and the workspace id in a name. */
    public static final String SEPARATOR = "__";
    /** PostgreSQL keeps the first 63 bytes of an identifier; ClickHouse has no lower limit. */
    public static final int MAX_NAME_LENGTH = 63;
    private static final Pattern WORKSPACE_ID = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern TABLE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    /** A destination table's parts. */
    public record Table(String table, String workspaceId) {
    }

    private TenantTables() {
    }

    /**
     * The destination table that holds {@code table} (a sanitized table name, such as
     * {@code events}) of workspace {@code workspaceId}.
     *
     * @throws UnsafeTableNameException when the workspace id is not a safe identifier, the table
     *                                  is not a sanitized name, or the name would be too long
     */
    public static String name(String workspaceId, String table) {
        if (workspaceId == null || !WORKSPACE_ID.matcher(workspaceId).matches()) {
            throw new UnsafeTableNameException("workspace id " + quoted(workspaceId) + " cannot name a table: a"
                    + " workspace id used in table names is lower-case letters, digits and single underscores,"
                    + " starting with a letter (ids made by cdp workspaces create always are)");
        }
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new UnsafeTableNameException("table " + quoted(table) + " is not a table name: lower-case letters,"
                    + " digits and single underscores");
        }
        String name = table + SEPARATOR + workspaceId;
        if (name.length() > MAX_NAME_LENGTH) {
            throw new UnsafeTableNameException("table " + table + " of workspace " + workspaceId + " would be named "
                    + name + ", longer than " + MAX_NAME_LENGTH + " characters: give the event a shorter table name");
        }
        return name;
    }

    /** True when {@code workspaceId} can name tables. */
    public static boolean safeWorkspaceId(String workspaceId) {
        return workspaceId != null && WORKSPACE_ID.matcher(workspaceId).matches();
    }

    /** The table and workspace of a destination table named by {@link #name}; empty for any other table. */
    public static Optional<Table> parse(String name) {
        int separator = name.lastIndexOf(SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        String table = name.substring(0, separator);
        String workspaceId = name.substring(separator + SEPARATOR.length());
        if (!TABLE.matcher(table).matches() || !WORKSPACE_ID.matcher(workspaceId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Table(table, workspaceId));
    }

    /** The event table a destination table holds ({@code events} for {@code events__ws_1}); other names as they are. */
    public static String eventTable(String name) {
        return parse(name).map(Table::table).orElse(name);
    }

    /** True when {@code name} is one of {@code workspaceId}'s tables. */
    public static boolean belongsTo(String name, String workspaceId) {
        return parse(name).map(parts -> parts.workspaceId().equals(workspaceId)).orElse(false);
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }

    /** A table or workspace name that cannot become a destination table's name. */
    public static final class UnsafeTableNameException extends IllegalArgumentException {
        public UnsafeTableNameException(String message) {
            super(message);
        }
    }
}
