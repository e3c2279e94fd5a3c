package io.cdp.server.config;

import static java.util.Objects.requireNonNullElse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.Arrays;
import java.util.List;

/**
 * The ClickHouse HTTP endpoint the bulker writes to and `cdp migrate` migrates. A setting that is
 * absent takes its default: the local ClickHouse of {@code cdp dev up}.
 *
 * @param url      HTTP address, {@code http://host:port}; in cluster mode one of the cluster's
 *                 nodes, the one the bulker inserts through and readers query
 * @param user     user name (the same on every node)
 * @param password password; empty for none
 * @param database database of the event tables (in cluster mode: of the {@code Distributed} tables)
 * @param cluster  cluster mode, off unless {@link Cluster#shards()} is set
 */
public record ClickHouseConfig(@NotEmpty String url, @NotEmpty String user, String password,
                               @NotEmpty String database, @Valid Cluster cluster) {

    public ClickHouseConfig {
        url = requireNonNullElse(url, "http://127.0.0.1:18123");
        user = requireNonNullElse(user, "default");
        password = requireNonNullElse(password, "");
        database = requireNonNullElse(database, "default");
        cluster = requireNonNullElse(cluster, new Cluster());
    }

    public ClickHouseConfig(String url, String user, String password, String database) {
        this(url, user, password, database, null);
    }

    public ClickHouseConfig() {
        this(null, null, null, null, null);
    }

    /** Whether tables are spread over the shards of {@link #cluster()}. */
    public boolean clustered() {
        return !cluster.shardUrls().isEmpty();
    }

    /** The database of each shard's own tables: {@link Cluster#localDatabase()}, else {@code DATABASE_local}. */
    public String localDatabase() {
        return cluster.localDatabase().isBlank() ? database + "_local" : cluster.localDatabase();
    }

    /**
     * ClickHouse as a cluster of shards (docs/operations.md, "ClickHouse as a cluster"): every
     * table lives on each shard in {@link ClickHouseConfig#localDatabase()}, and each node has a
     * {@code Distributed} table of the same name in {@link ClickHouseConfig#database()} over them.
     *
     * @param name          the cluster's name in the servers' {@code remote_servers} configuration
     * @param shards        HTTP addresses of every shard's node, comma-separated, in the order of
     *                      {@code remote_servers}; empty (the default) turns cluster mode off
     * @param localDatabase database of the shards' own tables; empty for {@code DATABASE_local}
     */
    public record Cluster(@NotEmpty String name, String shards, String localDatabase) {
        public Cluster {
            name = requireNonNullElse(name, "cdp");
            shards = requireNonNullElse(shards, "");
            localDatabase = requireNonNullElse(localDatabase, "");
        }

        public Cluster() {
            this(null, null, null);
        }

        /** {@link #shards()} as a list, blanks left out. */
        public List<String> shardUrls() {
            return Arrays.stream(shards.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
        }
    }
}
