package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local development services keep their data and which ports they use, read from
 * environment variables so that they never clash with services already running on the machine.
 *
 * <p>Every port has a default (see {@link #DEFAULTS}) and an override variable of the same name
 * the server's {@code cdp.yml} reads, so one set of variables serves the services, the server and
 * the tests. Immutable and thread-safe.
 *
 * <pre>{@code
 * DevSettings settings = DevSettings.from(System.getenv());
 * settings.pgPort();                  // 15432 unless CDP_PG_PORT says otherwise
 * settings.environment();             // CDP_* variables for the server and the tests
 * }</pre>
 *
 * @param dataDir             the folder holding every service's data, logs and pid files
 * @param pgPort              PostgreSQL
 * @param redisPort           Redis
 * @param kafkaPort           Kafka's client listener
 * @param kafkaControllerPort Kafka's KRaft controller listener
 * @param clickhouseHttpPort  ClickHouse's HTTP interface
 * @param clickhouseTcpPort   ClickHouse's native protocol
 * @param serverPort          the CDP server's HTTP API ({@code --with-server})
 * @param serverAdminPort     the CDP server's admin port (metrics, health checks)
 * @param clickhouseShards    how many ClickHouse servers to run as one cluster ({@value #CLUSTER_NAME});
 *                            1 for a single server. Shard {@code n} uses the ClickHouse ports + {@code n - 1}.
 */
public record DevSettings(
        Path dataDir,
        int pgPort,
        int redisPort,
        int kafkaPort,
        int kafkaControllerPort,
        int clickhouseHttpPort,
        int clickhouseTcpPort,
        int serverPort,
        int serverAdminPort,
        int clickhouseShards) {

    /** Overrides the data folder; default {@code $CDP_HOME/.cdp}. */
    public static final String DATA_DIR = "CDP_DATA_DIR";
    /** Set by the {@code ./cdp} launcher to the project's folder. */
    public static final String HOME = "CDP_HOME";
    public static final String PG_PORT = "CDP_PG_PORT";
    public static final String REDIS_PORT = "CDP_REDIS_PORT";
    public static final String KAFKA_PORT = "CDP_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "CDP_KAFKA_CONTROLLER_PORT";
    public static final String CLICKHOUSE_HTTP_PORT = "CDP_CLICKHOUSE_HTTP_PORT";
    public static final String CLICKHOUSE_TCP_PORT = "CDP_CLICKHOUSE_TCP_PORT";
    /** The server's HTTP API port, also read by cdp.yml. */
    public static final String SERVER_PORT = "CDP_HTTP_PORT";
    /** The server's admin port, also read by cdp.yml. */
    public static final String SERVER_ADMIN_PORT = "CDP_ADMIN_PORT";
    /** How many local ClickHouse servers form the cluster; default 1 (no cluster). {@code cdp dev up --clickhouse-shards}. */
    public static final String CLICKHOUSE_SHARD_COUNT = "CDP_CLICKHOUSE_SHARD_COUNT";
    /** The cluster's name in the servers' {@code remote_servers} and in the server's {@code clickhouse.cluster.name}. */
    public static final String CLUSTER_NAME = "cdp";
    /** The most shards {@code cdp dev up} runs on one machine. */
    public static final int MAX_CLICKHOUSE_SHARDS = 8;

    /** Default port of each variable: chosen so they do not clash with system services. */
    public static final Map<String, Integer> DEFAULTS = Map.of(
            PG_PORT, 15432,
            REDIS_PORT, 16379,
            KAFKA_PORT, 19092,
            KAFKA_CONTROLLER_PORT, 19093,
            CLICKHOUSE_HTTP_PORT, 18123,
            CLICKHOUSE_TCP_PORT, 19000,
            SERVER_PORT, 3049,
            SERVER_ADMIN_PORT, 3050);

    /** Every service listens on the loopback interface only. */
    public static final String HOST = "127.0.0.1";

    public DevSettings {
        if (clickhouseShards < 1 || clickhouseShards > MAX_CLICKHOUSE_SHARDS) {
            throw new DevException("the number of ClickHouse shards must be between 1 and " + MAX_CLICKHOUSE_SHARDS
                    + ", not " + clickhouseShards + ".");
        }
    }

    /** Settings with one ClickHouse server. */
    public DevSettings(Path dataDir, int pgPort, int redisPort, int kafkaPort, int kafkaControllerPort,
                       int clickhouseHttpPort, int clickhouseTcpPort, int serverPort, int serverAdminPort) {
        this(dataDir, pgPort, redisPort, kafkaPort, kafkaControllerPort, clickhouseHttpPort, clickhouseTcpPort,
                serverPort, serverAdminPort, 1);
    }

    /**
     * Reads the settings from environment variables.
     *
     * @throws DevException when a port variable is not a port number
     */
    public static DevSettings from(Map<String, String> env) {
        return new DevSettings(
                dataDir(env),
                port(env, PG_PORT),
                port(env, REDIS_PORT),
                port(env, KAFKA_PORT),
                port(env, KAFKA_CONTROLLER_PORT),
                port(env, CLICKHOUSE_HTTP_PORT),
                port(env, CLICKHOUSE_TCP_PORT),
                port(env, SERVER_PORT),
                port(env, SERVER_ADMIN_PORT),
                shardCount(env));
    }

    /** These settings with {@code shards} ClickHouse servers. */
    public DevSettings withClickhouseShards(int shards) {
        return new DevSettings(dataDir, pgPort, redisPort, kafkaPort, kafkaControllerPort, clickhouseHttpPort,
                clickhouseTcpPort, serverPort, serverAdminPort, shards);
    }

    private static int shardCount(Map<String, String> env) {
        String value = env.get(CLICKHOUSE_SHARD_COUNT);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new DevException(CLICKHOUSE_SHARD_COUNT + " must be a number of shards, not '" + value
                    + "'. Fix or unset it and run the command again.");
        }
    }

    /** The project folder: {@code CDP_HOME}, else the working directory. */
    public static Path home(Map<String, String> env) {
        String home = env.get(HOME);
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath();
    }

    private static Path dataDir(Map<String, String> env) {
        String dir = env.get(DATA_DIR);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir).toAbsolutePath().normalize();
        }
        return home(env).resolve(".cdp").normalize();
    }

    private static int port(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return DEFAULTS.get(variable);
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw new DevException(variable + " must be a port number between 1 and 65535, not '" + value
                + "'. Fix or unset it and run the command again.");
    }

    /** Kafka's bootstrap address, {@code 127.0.0.1:PORT}. */
    public String kafkaBootstrap() {
        return HOST + ":" + kafkaPort;
    }

    /** ClickHouse's HTTP URL (of the first shard in a cluster). */
    public String clickhouseUrl() {
        return clickhouseUrl(1);
    }

    /** The HTTP URL of shard {@code shard} (1-based): the HTTP port + {@code shard - 1}. */
    public String clickhouseUrl(int shard) {
        return "http://" + HOST + ":" + clickhouseHttpPort(shard);
    }

    /** The HTTP port of shard {@code shard} (1-based). */
    public int clickhouseHttpPort(int shard) {
        return clickhouseHttpPort + shard - 1;
    }

    /** The native-protocol port of shard {@code shard} (1-based), the one {@code remote_servers} names. */
    public int clickhouseTcpPort(int shard) {
        return clickhouseTcpPort + shard - 1;
    }

    /** The CDP server's base URL. */
    public String serverUrl() {
        return "http://" + HOST + ":" + serverPort;
    }

    /**
     * The variables that point the server, the CLI and the tests at these services (the ones
     * {@code cdp.yml} and the tests' {@code TestServices} read), in a stable order.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CDP_PG_HOST", HOST);
        env.put(PG_PORT, String.valueOf(pgPort));
        env.put("CDP_REDIS_HOST", HOST);
        env.put(REDIS_PORT, String.valueOf(redisPort));
        env.put(KAFKA_PORT, String.valueOf(kafkaPort));
        env.put(KAFKA_CONTROLLER_PORT, String.valueOf(kafkaControllerPort));
        env.put("CDP_KAFKA_BOOTSTRAP", kafkaBootstrap());
        env.put(CLICKHOUSE_HTTP_PORT, String.valueOf(clickhouseHttpPort));
        env.put(CLICKHOUSE_TCP_PORT, String.valueOf(clickhouseTcpPort));
        env.put("CDP_CLICKHOUSE_URL", clickhouseUrl());
        if (clickhouseShards > 1) {
            env.put(CLICKHOUSE_SHARD_COUNT, String.valueOf(clickhouseShards));
            env.put("CDP_CLICKHOUSE_CLUSTER", CLUSTER_NAME);
            env.put("CDP_CLICKHOUSE_SHARDS", String.join(",", java.util.stream.IntStream.rangeClosed(1, clickhouseShards)
                    .mapToObj(this::clickhouseUrl).toList()));
        }
        env.put(SERVER_PORT, String.valueOf(serverPort));
        env.put(SERVER_ADMIN_PORT, String.valueOf(serverAdminPort));
        return env;
    }

    /** The file {@code cdp dev up} writes {@link #environment()} to: {@code DATA_DIR/env}. */
    public Path envFile() {
        return dataDir.resolve("env");
    }
}
