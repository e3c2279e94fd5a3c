package io.cdp.server.bulker.clickhouse;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.RowReader;
import io.cdp.server.bulker.schema.Column;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.clickhouse.ClickHouseCluster;
import io.cdp.server.clickhouse.ClickHouseSql;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldType;
import io.cdp.server.identity.Identity;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes rows to ClickHouse tables as {@code JSONEachRow} inserts through the shared
 * {@link ClickHouse} access class. Tables are {@code ReplacingMergeTree} ordered by
 * {@code (workspace_id, message_id)} and partitioned by month of {@code received_at}: a batch
 * written twice after a crash leaves two copies only until the parts merge, and
 * {@code SELECT … FINAL} shows one.
 *
 * <p>Columns are added with a plain {@code ADD COLUMN} (18.16 has no {@code IF NOT EXISTS} for
 * columns) and "already exists" counts as success. Stitching inserts corrected copies of a
 * visitor's rows, which replace the old ones (see {@link #stitch}).
 *
 * <p>In cluster mode ({@link ClickHouseCluster}) tables are created and columns added on every
 * shard's local table first, then on every node's {@code Distributed} table, which is what
 * {@link #describe} reads and rows are inserted into: a column the {@code Distributed} table
 * shows exists on every shard. Thread-safe.
 */
public class ClickHouseDestination implements Destination {
    /** This destination's {@link #name()}. */
    public static final String NAME = "clickhouse";

    /**
     * The ReplacingMergeTree version: the write time in milliseconds, so among rows of one key
     * the latest written is the one shown (the {@code events} migration defines it the same way).
     */
    public static final String VERSION = "_version";
    /** The ClickHouse mirror of PostgreSQL's identities (the {@code identities} migration), for joins in SQL. */
    public static final String IDENTITIES = "identities";
    /**
     * The empty table the migrations keep with the base layout of event tables
     * ({@code clickhouse/V3__tables_per_workspace.sql}): a workspace's table is created like it,
     * so the layout (engine, keys, column types chosen for the server's version) is the migrations'.
     */
    public static final String LAYOUT_TABLE = "cdp_event_layout";
    /** "Cannot add column: column with this name already exists" (18.16: 44, later: 15). */
    private static final Set<Integer> COLUMN_EXISTS = Set.of(15, 44);

    private static final byte[] STITCHED_PREFIX = (",\"" + BaseColumns.USER_ID + "\":\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] STITCHED_SUFFIX = ("\",\"" + BaseColumns.STITCHED + "\":true").getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROW_END = "}\n".getBytes(StandardCharsets.UTF_8);

    private final ClickHouse clickHouse;
    private final ClickHouseCluster cluster;
    private volatile ClickHouseTypes types;

    /** Sends nothing yet: the server's version is asked on first use, so a server that is down delays writes, not start-up. */
    public ClickHouseDestination(ClickHouse clickHouse) {
        this(clickHouse, null);
    }

    /**
     * Writes through {@code clickHouse} (in cluster mode: the node whose {@code Distributed}
     * tables rows are inserted into) and runs DDL on {@code cluster}'s shards, or on
     * {@code clickHouse} alone when {@code cluster} is null. Neither is closed here.
     */
    public ClickHouseDestination(ClickHouse clickHouse, ClickHouseCluster cluster) {
        this.clickHouse = clickHouse;
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ClickHouseTypes types() {
        ClickHouseTypes known = types;
        if (known == null) {
            known = new ClickHouseTypes(call("reading the server version", clickHouse::capabilities));
            types = known;
        }
        return known;
    }

    @Override
    public Optional<TableSchema> describe(String table) {
        List<ObjectNode> rows = call("reading the columns of " + table, () -> clickHouse.query(
                "SELECT name, type FROM system.columns WHERE database = " + ClickHouseSql.literal(clickHouse.database())
                        + " AND table = " + ClickHouseSql.literal(table)));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (ObjectNode row : rows) {
            String name = row.get("name").asText();
            columns.put(name, types().column(name, row.get("type").asText()));
        }
        return Optional.of(new TableSchema(table, columns));
    }

    @Override
    public void createTable(String table) {
        String columns = BaseColumns.ALL.entrySet().stream()
                .map(column -> ClickHouseSql.identifier(column.getKey()) + " "
                        + (BaseColumns.required(column.getKey()) ? types().requiredColumnType(column.getValue())
                        : types().columnType(column.getValue())))
                .collect(Collectors.joining(", "));
        String ddl = "CREATE TABLE IF NOT EXISTS " + ClickHouseSql.identifier(table) + " (" + columns + ", "
                + ClickHouseSql.identifier(VERSION) + " UInt64)"
                + " ENGINE = ReplacingMergeTree(" + ClickHouseSql.identifier(VERSION) + ")"
                + " PARTITION BY toYYYYMM(" + ClickHouseSql.identifier(BaseColumns.RECEIVED_AT) + ")"
                + " ORDER BY (" + ClickHouseSql.identifier(BaseColumns.WORKSPACE_ID) + ", "
                + ClickHouseSql.identifier(BaseColumns.MESSAGE_ID) + ")";
        call("creating table " + table, () -> {
            if (cluster == null) {
                clickHouse.execute(likeLayout(clickHouse, table, ddl));
            } else {
                cluster.onShards(likeLayout(cluster.shards().get(0), table, ddl));
                cluster.distribute(table);
            }
            return null;
        });
    }

    /** Without the migrations' layout (a database migrated by an older cdp, or none), the same shape from here. */
    private static String likeLayout(ClickHouse clickHouse, String table, String ddl) {
        return clickHouse.tableExists(LAYOUT_TABLE) ? "CREATE TABLE IF NOT EXISTS " + ClickHouseSql.identifier(table)
                + " AS " + ClickHouseSql.identifier(LAYOUT_TABLE) : ddl;
    }

    @Override
    public void addColumn(String table, String column, FieldType type) {
        String ddl = "ALTER TABLE " + ClickHouseSql.identifier(table) + " ADD COLUMN "
                + ClickHouseSql.identifier(column) + " " + types().columnType(type);
        try {
            if (cluster == null) {
                clickHouse.execute(ddl);
            } else {
                cluster.onShards(ddl, COLUMN_EXISTS);
                cluster.onNodes(ddl, COLUMN_EXISTS);
            }
        } catch (ClickHouseAccessException e) {
            if (!COLUMN_EXISTS.contains(e.code())) {
                throw failure("adding column " + table + "." + column, e);
            }
        }
    }

    @Override
    public void write(TableSchema schema, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        long version = System.currentTimeMillis();
        call("inserting " + rows.size() + " rows into " + schema.table(), () ->
                clickHouse.insertJsonEachRow(schema.table(), request -> {
                    BufferedOutputStream out = new BufferedOutputStream(request, 1 << 16); // rows are written in pieces
                    writeJsonEachRow(out, schema, rows, version);
                    out.flush();
                }));
    }

    /**
     * Replaces the rows of these anonymous ids that have no user id or a stitched one with
     * copies carrying the user id and a higher {@code _version}: read with {@code FINAL}, insert
     * again. ReplacingMergeTree keeps the highest version of each key, so the copies win at once
     * under {@code FINAL} and for good once parts merge. Chosen over {@code ALTER TABLE … UPDATE},
     * which rewrites whole parts and runs in the background on 18.16 (no {@code mutations_sync}),
     * leaving no way to know it is done. Then mirrors the identities into the {@code identities}
     * table, if there is one, so SQL users can join on it.
     */
    @Override
    public void stitch(String workspaceId, List<Identity> identities) {
        if (identities.isEmpty()) {
            return;
        }
        Map<String, String> userIdByAnonymousId = new LinkedHashMap<>();
        identities.forEach(identity -> userIdByAnonymousId.put(identity.anonymousId(), identity.userId()));
        String anonymousIds = userIdByAnonymousId.keySet().stream().map(ClickHouseSql::literal)
                .collect(Collectors.joining(", "));
        long now = System.currentTimeMillis();
        for (String table : stitchableTables(workspaceId)) {
            String query = "SELECT * FROM " + ClickHouseSql.identifier(table) + " FINAL WHERE "
                    + ClickHouseSql.identifier(BaseColumns.WORKSPACE_ID) + " = " + ClickHouseSql.literal(workspaceId)
                    + " AND " + ClickHouseSql.identifier(BaseColumns.ANONYMOUS_ID) + " IN (" + anonymousIds + ")"
                    + " AND (isNull(" + ClickHouseSql.identifier(BaseColumns.USER_ID) + ") OR "
                    + ClickHouseSql.identifier(BaseColumns.USER_ID) + " = '' OR "
                    + ClickHouseSql.identifier(BaseColumns.STITCHED) + " = 1)";
            List<ObjectNode> changed = new ArrayList<>();
            call("reading rows to stitch in " + table, () -> {
                clickHouse.query(query, row -> {
                    String userId = userIdByAnonymousId.get(row.path(BaseColumns.ANONYMOUS_ID).asText());
                    if (userId != null && !userId.equals(row.path(BaseColumns.USER_ID).asText())) {
                        row.put(BaseColumns.USER_ID, userId);
                        row.put(BaseColumns.STITCHED, 1);
                        if (row.has(VERSION)) {
                            row.put(VERSION, Math.max(now, row.get(VERSION).asLong() + 1));
                        }
                        changed.add(row);
                    }
                });
                return null;
            });
            if (!changed.isEmpty()) {
                call("inserting stitched rows into " + table, () -> clickHouse.insertJsonEachRow(table, changed));
            }
        }
        mirrorIdentities(workspaceId, identities, now);
    }

    private void mirrorIdentities(String workspaceId, List<Identity> identities, long version) {
        if (!call("looking for the identities table", () -> clickHouse.tableExists(IDENTITIES))) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Identity identity : identities) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(BaseColumns.WORKSPACE_ID, workspaceId);
            row.put(BaseColumns.ANONYMOUS_ID, identity.anonymousId());
            row.put(BaseColumns.USER_ID, identity.userId());
            row.put("identified_at", identity.identifiedAt().toString());
            row.put(VERSION, version);
            rows.add(row);
        }
        call("mirroring identities", () -> clickHouse.insertJsonEachRow(IDENTITIES, rows));
    }

    /** The workspace's tables ({@link TenantTables}) with the columns stitching sets. */
    private List<String> stitchableTables(String workspaceId) {
        return call("finding tables to stitch", () -> clickHouse.query(
                        "SELECT table FROM system.columns WHERE database = " + ClickHouseSql.literal(clickHouse.database())
                                + " AND name IN (" + ClickHouseSql.literal(BaseColumns.STITCHED) + ", "
                                + ClickHouseSql.literal(BaseColumns.ANONYMOUS_ID) + ", "
                                + ClickHouseSql.literal(BaseColumns.USER_ID) + ") GROUP BY table HAVING count() = 3"))
                .stream().map(row -> row.get("table").asText()).filter(table -> TenantTables.belongsTo(table, workspaceId))
                .toList();
    }

    @Override
    public void close() {
        // The ClickHouse client belongs to whoever built it (managed by the application).
    }

    /**
     * The rows as JSONEachRow, written into the request as it is sent: each row's columns as
     * {@link RowReader} wrote them, closed with the stitched user id, if any, and the version.
     * The planner has made sure every column exists with a type that takes the value.
     */
    private static void writeJsonEachRow(OutputStream out, TableSchema schema, List<Row> rows, long version)
            throws IOException {
        byte[] versionField = schema.has(VERSION) ? (",\"" + VERSION + "\":" + version).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        for (Row row : rows) {
            String stitched = row.stitchedUserId();
            if (stitched != null && row.jsonHasUserId()) {
                writeRebuilt(out, row, versionField.length > 0 ? version : null); // an empty user_id replaced: rare
                continue;
            }
            out.write(row.json());
            if (stitched != null) {
                out.write(STITCHED_PREFIX);
                out.write(JsonStringEncoder.getInstance().quoteAsUTF8(stitched));
                out.write(STITCHED_SUFFIX);
            }
            out.write(versionField);
            out.write(ROW_END);
        }
    }

    private static void writeRebuilt(OutputStream out, Row row, Long version) throws IOException {
        ObjectNode object = EventJson.MAPPER.createObjectNode();
        object.setAll(row.columns());
        if (version != null) {
            object.put(VERSION, version);
        }
        out.write(EventJson.MAPPER.writeValueAsBytes(object));
        out.write('\n');
    }

    private static <T> T call(String what, java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (ClickHouseAccessException e) {
            throw failure(what, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DestinationException(what + ": " + e.getMessage(), false, e);
        }
    }

    private static DestinationException failure(String what, ClickHouseAccessException e) {
        return new DestinationException("ClickHouse: " + what + ": " + e.getMessage(), e.retriable(), e);
    }
}
