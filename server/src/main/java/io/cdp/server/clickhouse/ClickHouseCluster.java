package io.cdp.server.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.config.ClickHouseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * ClickHouse as a cluster of shards without ZooKeeper: DDL runs on every node itself, since
 * {@code ON CLUSTER} needs ZooKeeper (or Keeper) for its task queue.
 *
 * <p>The layout: each shard keeps its rows in tables of the <em>local database</em>
 * ({@link ClickHouseConfig#localDatabase()}); every node has, in the configured database, a
 * {@code Distributed} table of the same name over the shards' tables. Readers and the bulker's
 * inserts use the {@code Distributed} tables, so they see one database whatever the number of
 * shards. Rows go to the shard {@link #shardingKey} picks from the visitor's id, so a
 * visitor's rows, and every copy of one row (a redelivery, a stitched rewrite), are on one
 * shard: {@code ReplacingMergeTree} deduplicates per shard, and {@code FINAL} through the
 * {@code Distributed} table is exact.
 *
 * <p>Thread-safe. Close it to close its clients.
 *
 * <pre>{@code
 * ClickHouseCluster cluster = ClickHouseCluster.of(config.clickhouse()).orElseThrow();
 * cluster.onShards("CREATE TABLE IF NOT EXISTS t AS cdp_event_layout");   // each shard's local table
 * cluster.distribute("t");                                               // the Distributed table on each node
 * }</pre>
 */
public final class ClickHouseCluster implements AutoCloseable {
    /** The engine of the tables readers query. */
    public static final String DISTRIBUTED = "Distributed";
    /**
     * The columns that name a visitor, in the order the sharding key tries them: the one Kafka
     * partitions by (anonymous id, falling back to user id), then the message id so that rows
     * without either still spread.
     */
    public static final List<String> VISITOR_COLUMNS = List.of("anonymous_id", "user_id", "message_id");
    /** Tables of the local database that stay per shard: the migration history of each shard. */
    private static final Set<String> SHARD_ONLY_TABLES = Set.of("cdp_schema_history");

    private final String name;
    private final String database;
    private final String localDatabase;
    private final List<ClickHouse> shards;
    private final List<ClickHouse> nodes;

    private ClickHouseCluster(ClickHouseConfig config) {
        this.name = config.cluster().name();
        this.database = config.database();
        this.localDatabase = config.localDatabase();
        this.shards = new ArrayList<>();
        this.nodes = new ArrayList<>();
        for (String url : config.cluster().shardUrls()) {
            shards.add(new ClickHouse(url, config.user(), config.password(), localDatabase));
            nodes.add(new ClickHouse(url, config.user(), config.password(), database));
        }
    }

    /** The cluster of {@code config}, empty when cluster mode is off; connects lazily. */
    public static Optional<ClickHouseCluster> of(ClickHouseConfig config) {
        return config.clustered() ? Optional.of(new ClickHouseCluster(config)) : Optional.empty();
    }

    /** The cluster's name in {@code remote_servers}. */
    public String name() {
        return name;
    }

    /** The database of the shards' own tables. */
    public String localDatabase() {
        return localDatabase;
    }

    /** A client per shard on its local database, in {@code remote_servers} order. */
    public List<ClickHouse> shards() {
        return List.copyOf(shards);
    }

    /** "cluster NAME (URL, URL)", for messages. */
    public String describe() {
        return "ClickHouse cluster " + name + " (" + shards.stream().map(ClickHouse::url)
                .collect(Collectors.joining(", ")) + "), tables in " + localDatabase + ", Distributed in " + database;
    }

    /**
     * Runs {@code sql} on every shard's local database, in order; an error whose code is in
     * {@code tolerated} counts as done (e.g. "column already exists" on a retry).
     */
    public void onShards(String sql, Set<Integer> tolerated) {
        run(shards, sql, tolerated);
    }

    /** {@link #onShards(String, Set)} tolerating nothing. */
    public void onShards(String sql) {
        run(shards, sql, Set.of());
    }

    /** Runs {@code sql} on every node's database (the {@code Distributed} tables), like {@link #onShards}. */
    public void onNodes(String sql, Set<Integer> tolerated) {
        run(nodes, sql, tolerated);
    }

    private static void run(List<ClickHouse> targets, String sql, Set<Integer> tolerated) {
        for (ClickHouse target : targets) {
            try {
                target.execute(sql);
            } catch (ClickHouseAccessException e) {
                if (!tolerated.contains(e.code())) {
                    throw new ClickHouseAccessException("on " + target.url() + ": " + e.getMessage(), e.code(),
                            e.retriable(), e);
                }
            }
        }
    }

    /**
     * Creates, on every node where it is missing, the {@code Distributed} table {@code table}
     * with the columns of the first shard's local table of that name (which must exist).
     */
    public void distribute(String table) {
        Map<String, String> columns = columns(shards.get(0), table);
        if (columns.isEmpty()) {
            throw new ClickHouseAccessException("table " + localDatabase + "." + table + " does not exist on "
                    + shards.get(0).url() + ": create it on every shard first", 60, false, null);
        }
        for (ClickHouse node : nodes) {
            node.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.identifier(database));
            node.execute(distributedDdl(table, columns));
        }
    }

    /**
     * Makes the cluster match the first shard's local tables, after migrations changed those:
     * creates on the other shards the tables they lack (a shard just added gets the workspace
     * tables the bulker made, with their columns and engine), then on each node creates missing
     * {@code Distributed} tables, recreates those whose columns differ (a {@code Distributed}
     * table holds no rows, only the way to them), and drops those whose local table is gone.
     *
     * @throws ClickHouseAccessException when a table of that name exists and is not
     *                                   {@code Distributed}: rows of a one-server database are
     *                                   never dropped or moved here
     */
    public void syncDistributedTables(Consumer<String> progress) {
        Map<String, Map<String, String>> local = new LinkedHashMap<>();
        for (String table : tableNames(shards.get(0), localDatabase)) {
            if (!SHARD_ONLY_TABLES.contains(table)) {
                local.put(table, columns(shards.get(0), table));
            }
        }
        createMissingShardTables(local, progress);
        for (ClickHouse node : nodes) {
            node.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.identifier(database));
            Map<String, ObjectNode> existing = new LinkedHashMap<>();
            node.query("SELECT name, engine, engine_full FROM system.tables WHERE database = "
                    + ClickHouseSql.literal(database), row -> existing.put(row.get("name").asText(), row));
            for (Map.Entry<String, Map<String, String>> table : local.entrySet()) {
                ObjectNode present = existing.get(table.getKey());
                if (present != null && !present.get("engine").asText().equals(DISTRIBUTED)) {
                    throw new ClickHouseAccessException("table " + database + "." + table.getKey() + " on " + node.url()
                            + " is a " + present.get("engine").asText() + " table, not Distributed: cluster mode keeps"
                            + " rows in " + localDatabase + ". Move its rows there (docs/operations.md, \"ClickHouse as"
                            + " a cluster\") and run the migrations again.", -1, false, null);
                }
                if (present != null && columns(node, table.getKey()).equals(table.getValue())) {
                    continue;
                }
                if (present != null) {
                    node.execute("DROP TABLE IF EXISTS " + ClickHouseSql.identifier(table.getKey()));
                }
                node.execute(distributedDdl(table.getKey(), table.getValue()));
                progress.accept("  " + node.url() + ": Distributed table " + database + "." + table.getKey()
                        + (present == null ? " created" : " recreated with the new columns"));
            }
            for (ObjectNode table : existing.values()) {
                String tableName = table.get("name").asText();
                if (!local.containsKey(tableName) && table.get("engine").asText().equals(DISTRIBUTED)
                        && table.get("engine_full").asText().contains(localDatabase)) {
                    node.execute("DROP TABLE IF EXISTS " + ClickHouseSql.identifier(tableName));
                    progress.accept("  " + node.url() + ": Distributed table " + database + "." + tableName
                            + " dropped (its shard tables are gone)");
                }
            }
        }
    }

    /** Creates on shards 2..n, empty, each of {@code local} (the first shard's tables) they lack. */
    private void createMissingShardTables(Map<String, Map<String, String>> local, Consumer<String> progress) {
        Map<String, String> engines = new LinkedHashMap<>();
        shards.get(0).query("SELECT name, engine_full FROM system.tables WHERE database = "
                + ClickHouseSql.literal(localDatabase), row -> engines.put(row.get("name").asText(),
                row.get("engine_full").asText()));
        for (ClickHouse shard : shards.subList(1, shards.size())) {
            List<String> present = tableNames(shard, localDatabase);
            for (Map.Entry<String, Map<String, String>> table : local.entrySet()) {
                if (!present.contains(table.getKey())) {
                    shard.execute("CREATE TABLE IF NOT EXISTS " + ClickHouseSql.identifier(table.getKey()) + " ("
                            + columnList(table.getValue()) + ") ENGINE = " + engines.get(table.getKey()));
                    progress.accept("  " + shard.url() + ": table " + localDatabase + "." + table.getKey()
                            + " created like on " + shards.get(0).url());
                }
            }
        }
    }

    /**
     * The sharding key of a table with these columns: {@code cityHash64} of the first non-empty
     * of {@link #VISITOR_COLUMNS} it has; {@code rand()} for a table with none of them.
     */
    public static String shardingKey(Set<String> columns) {
        List<String> present = VISITOR_COLUMNS.stream().filter(columns::contains)
                .map(column -> "nullIf(" + ClickHouseSql.identifier(column) + ", '')").toList();
        // ifNull: the key must not be Nullable, and a row without any of them is still placed
        return present.isEmpty() ? "rand()" : "cityHash64(ifNull(coalesce(" + String.join(", ", present) + "), ''))";
    }

    private String distributedDdl(String table, Map<String, String> columns) {
        return "CREATE TABLE IF NOT EXISTS " + ClickHouseSql.identifier(table) + " (" + columnList(columns) + ") ENGINE = "
                + DISTRIBUTED + "(" + ClickHouseSql.identifier(name) + ", " + ClickHouseSql.literal(localDatabase) + ", "
                + ClickHouseSql.literal(table) + ", " + shardingKey(columns.keySet()) + ")";
    }

    private static String columnList(Map<String, String> columns) {
        return columns.entrySet().stream()
                .map(column -> ClickHouseSql.identifier(column.getKey()) + " " + column.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The columns of {@code table} in {@code clickHouse}'s database, name → type, in table order. */
    private static Map<String, String> columns(ClickHouse clickHouse, String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        clickHouse.query("SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseSql.literal(clickHouse.database()) + " AND table = " + ClickHouseSql.literal(table),
                row -> columns.put(row.get("name").asText(), row.get("type").asText()));
        return columns;
    }

    private static List<String> tableNames(ClickHouse clickHouse, String database) {
        return clickHouse.query("SELECT name FROM system.tables WHERE database = " + ClickHouseSql.literal(database))
                .stream().map(row -> row.get("name").asText()).toList();
    }

    @Override
    public void close() {
        shards.forEach(ClickHouse::close);
        nodes.forEach(ClickHouse::close);
    }
}
