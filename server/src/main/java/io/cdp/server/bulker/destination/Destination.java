package io.cdp.server.bulker.destination;

import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.schema.SchemaPlanner;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.bulker.schema.TypeMapping;
import io.cdp.server.event.FieldType;
import io.cdp.server.identity.Identity;
import java.util.List;
import java.util.Optional;

/**
 * A store the bulker writes rows to (ClickHouse, PostgreSQL). Small on purpose: schema
 * decisions ({@link SchemaPlanner}), batching and retries live outside, so each implementation
 * only speaks its own SQL.
 *
 * <p>Every method may throw {@link DestinationException}, which says whether trying again can
 * help. Implementations are thread-safe: batches of different tables are written at once.
 *
 * <pre>{@code
 * destination.createTable("events");
 * TableSchema schema = destination.describe("events").orElseThrow();
 * destination.addColumn("events", "plan", FieldType.STRING);
 * destination.write(destination.describe("events").orElseThrow(), rows);
 * }</pre>
 */
public interface Destination extends AutoCloseable {
    /** Short name used in consumer group ids, logs and dead letters: {@code clickhouse}, {@code postgres}. */
    String name();

    /** How this destination stores each field type. */
    TypeMapping types();

    /** The table's columns as the destination has them now; empty when the table does not exist. */
    Optional<TableSchema> describe(String table);

    /** Creates the table with the {@link BaseColumns} if it does not exist; safe to race. */
    void createTable(String table);

    /**
     * Adds a nullable column of the destination's type for {@code type}. Returns normally when
     * the column already exists (another thread or process added it first), whatever its type:
     * the caller reads the table again.
     */
    void addColumn(String table, String column, FieldType type);

    /**
     * Stores rows that fit {@code schema}. A row whose {@code (workspace_id, message_id)} is
     * already stored is not shown twice (ClickHouse: ReplacingMergeTree and {@code FINAL};
     * PostgreSQL: {@code ON CONFLICT DO NOTHING}), so a batch may be written again after a crash.
     */
    void write(TableSchema schema, List<Row> rows);

    /**
     * Sets each identity's {@code user_id} on the stored rows of its anonymous id that came
     * without a user id or were stitched before, in every table that has the
     * {@link BaseColumns#STITCHED} column. {@code identities} all belong to {@code workspaceId},
     * one per anonymous id.
     */
    void stitch(String workspaceId, List<Identity> identities);

    @Override
    void close();
}
