package io.cdp.server.bulker;

import io.cdp.server.bulker.schema.RowRejection;
import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.destination.RetriableErrors;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.schema.Column;
import io.cdp.server.bulker.schema.SchemaPlan;
import io.cdp.server.bulker.schema.SchemaPlanner;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.event.DeadLetter.Reasons;
import io.cdp.server.event.FieldType;
import io.cdp.server.schema.SchemaFieldRepo;
import io.cdp.server.schema.SchemaFieldRepo.WorkspaceField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of one table to one destination, evolving the table on the way: plans the
 * batch against the table ({@link SchemaPlanner}), adds the missing columns (racing other
 * threads and processes is fine: each add tolerates an existing column and the table is read
 * again), records the new fields' types in {@code schema_fields}, and writes the rows that fit.
 *
 * <p>Failures the destination calls retriable are retried with back-off for as long as it
 * takes. Any other failure splits the batch in halves until the rows that cannot be written are
 * alone; those are returned as {@code write_failed} rejections, with the rows that never fitted
 * the schema, for the dead-letter queue. Thread-safe, for batches of one table at once too: they
 * race to add columns as other processes do.
 */
public final class TableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);
    /** Rounds of "add columns, read the table again" before calling the table unstable. */
    private static final int MAX_SCHEMA_ROUNDS = 3;

    private final Destination destination;
    private final TableSchemas schemas;
    private final SchemaFieldRepo schemaFields;
    private final int maxColumns;
    private final Backoff backoff;

    public TableWriter(Destination destination, SchemaFieldRepo schemaFields, int maxColumns, Backoff backoff) {
        this.destination = destination;
        this.schemas = new TableSchemas(destination);
        this.schemaFields = schemaFields;
        this.maxColumns = maxColumns;
        this.backoff = backoff;
    }

    public Destination destination() {
        return destination;
    }

    /** Stores what can be stored; returns the rows that cannot, with the reason. */
    public List<RowRejection> write(String table, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            return backoff.call("writing " + rows.size() + " rows to " + destination.name() + " table " + table,
                    () -> writeOnce(table, rows));
        } catch (Backoff.StoppedException stopped) {
            throw stopped;
        } catch (RuntimeException permanent) {
            schemas.forget(table);
            if (rows.size() == 1) {
                LOG.warn("{} table {}: row {} cannot be written: {}", destination.name(), table,
                        rows.get(0).messageId(), permanent.getMessage());
                return List.of(new RowRejection(rows.get(0), Reasons.WRITE_FAILED, null,
                        destination.name() + " refused the row: " + permanent.getMessage()));
            }
            LOG.warn("{} table {}: a batch of {} rows failed ({}); splitting it to find the rows at fault",
                    destination.name(), table, rows.size(), permanent.getMessage());
            int half = rows.size() / 2;
            List<RowRejection> rejected = new ArrayList<>(write(table, rows.subList(0, half)));
            rejected.addAll(write(table, rows.subList(half, rows.size())));
            return rejected;
        }
    }

    private List<RowRejection> writeOnce(String table, List<Row> rows) {
        TableSchema schema = schemas.get(table);
        SchemaPlan plan = plan(schema, rows);
        for (int round = 0; plan.changesSchema(); round++) {
            if (round == MAX_SCHEMA_ROUNDS) {
                throw new DestinationException("the columns of " + table + " kept changing while adding "
                        + plan.newColumns().keySet(), true, null);
            }
            plan.newColumns().forEach((column, type) -> destination.addColumn(table, column, type));
            schema = schemas.refresh(table);
            learn(table, schema, plan);
            plan = plan(schema, rows);
        }
        try {
            destination.write(schema, plan.accepted());
        } catch (DestinationException e) {
            schemas.forget(table); // someone may have changed the table: read it again next time
            throw e;
        }
        return plan.rejected();
    }

    /**
     * Plans the batch; when it brings new fields, plans again with the types the ingest schema
     * check learned for them, so a column is created with the type ingest enforces.
     */
    private SchemaPlan plan(TableSchema schema, List<Row> rows) {
        SchemaPlan plan = SchemaPlanner.plan(schema, rows, SchemaPlanner.LearnedTypes.NONE, maxColumns);
        if (!plan.changesSchema() || schemaFields == null) {
            return plan;
        }
        Set<String> workspaces = new TreeSet<>();
        rows.forEach(row -> workspaces.add(row.workspaceId()));
        Map<String, FieldType> learned = new HashMap<>();
        for (WorkspaceField field : learnedTypes(TenantTables.eventTable(schema.table()), workspaces, plan.newColumns().keySet())) {
            learned.put(field.workspaceId() + '\u0000' + field.field(), FieldType.fromId(field.type()));
        }
        if (learned.isEmpty()) {
            return plan;
        }
        return SchemaPlanner.plan(schema, rows,
                (workspace, field) -> Optional.ofNullable(learned.get(workspace + '\u0000' + field)), maxColumns);
    }

    /** Records the new columns' types for the workspaces whose rows brought them (first seen wins). */
    private void learn(String table, TableSchema schema, SchemaPlan plan) {
        if (schemaFields == null) {
            return;
        }
        Map<String, Map<String, FieldType>> byWorkspace = new LinkedHashMap<>();
        for (Row row : plan.accepted()) {
            for (String field : plan.newColumns().keySet()) {
                Column column = schema.column(field);
                if (column != null && column.kind().isPresent() && !BaseColumns.ALL.containsKey(field)
                        && row.has(field)) {
                    byWorkspace.computeIfAbsent(row.workspaceId(), ignored -> new LinkedHashMap<>())
                            .put(field, column.kind().get());
                }
            }
        }
        try {
            byWorkspace.forEach((workspace, fields) -> schemaFields.learnAll(workspace, TenantTables.eventTable(table),
                    fields.keySet().toArray(String[]::new),
                    fields.values().stream().map(FieldType::id).toArray(String[]::new)));
        } catch (RuntimeException e) {
            if (RetriableErrors.retriable(e)) {
                throw e;
            }
            // The column exists whatever happens here; ingest learns the field from its next event.
            LOG.warn("could not record the types of new columns of {} in schema_fields: {}", table, e.getMessage());
        }
    }

    private List<WorkspaceField> learnedTypes(String table, Set<String> workspaces, Set<String> fields) {
        try {
            return schemaFields.learned(table, workspaces.toArray(String[]::new), fields.toArray(String[]::new));
        } catch (RuntimeException e) {
            if (RetriableErrors.retriable(e)) {
                throw e;
            }
            LOG.warn("could not read learned types of {} from schema_fields, typing new columns from values: {}",
                    table, e.getMessage());
            return List.of();
        }
    }
}
