package io.cdp.server.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.config.ClickHouseConfig;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Access to one ClickHouse database over HTTP, through the official {@code client-v2}: DDL,
 * queries read as JSON rows, JSONEachRow inserts, and the server's version and capabilities.
 *
 * <p>Written to work on Debian's ClickHouse 18.16 and on current servers alike:
 * <ul>
 *   <li>server-response compression is off: 18.16 answers a client that asks for a compressed
 *       response ({@code compress=1}) with an empty body;</li>
 *   <li>queries are read as a raw {@code FORMAT JSONEachRow} stream and parsed with Jackson,
 *       because the client's default binary format ({@code RowBinaryWithNamesAndTypes}) does
 *       not exist on 18.16;</li>
 *   <li>inserts send {@code input_format_skip_unknown_fields=1} and
 *       {@code date_time_input_format=best_effort} (ISO-8601 timestamps such as
 *       {@code 2024-05-01T10:00:00.123Z}).</li>
 * </ul>
 *
 * <p>Thread-safe: one instance is shared by all threads (the client pools its connections).
 * Close it when done.
 *
 * <pre>{@code
 * try (ClickHouse clickHouse = new ClickHouse(config.clickhouse())) {
 *     String type = clickHouse.capabilities().dateTimeType();   // DateTime64(3, 'UTC') or DateTime('UTC')
 *     clickHouse.execute("CREATE TABLE IF NOT EXISTS t (id String, at " + type + ") ENGINE = MergeTree ORDER BY id");
 *     clickHouse.insertJsonEachRow("t", List.of(Map.of("id", "a", "at", "2024-05-01T10:00:00Z")));
 *     List<ObjectNode> rows = clickHouse.query("SELECT id, at FROM t");
 * }
 * }</pre>
 */
public class ClickHouse implements AutoCloseable {
    /** How long one call may take before it fails as retriable; DDL and large inserts included. */
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    /** How long to wait for a TCP connection before calling the server unreachable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Insert setting: JSON fields without a column are skipped, not an error. */
    public static final String SKIP_UNKNOWN_FIELDS = "input_format_skip_unknown_fields";
    /** Insert setting: parse ISO-8601 and other common timestamp forms. */
    public static final String DATE_TIME_INPUT_FORMAT = "date_time_input_format";
    /**
     * Setting in cluster mode: an insert into a {@code Distributed} table returns only once every
     * shard has stored its rows, instead of queueing them on the receiving node; a write the
     * bulker sees acknowledged is on its shard, and a shard that is down fails the insert.
     */
    public static final String INSERT_DISTRIBUTED_SYNC = "insert_distributed_sync";

    private static final String DATABASE_PARAMETER = "database";
    private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)");

    private final Client client;
    private final String url;
    private final String database;
    private final ObjectMapper mapper;
    private volatile ClickHouseVersion version;

    /** Connects (lazily: nothing is sent until the first call) to the configured database. */
    public ClickHouse(ClickHouseConfig config) {
        this(config.url(), config.user(), config.password(), config.database(), config.clustered());
    }

    /** Connects (lazily) to {@code database} at {@code url} (e.g. {@code http://127.0.0.1:18123}). */
    public ClickHouse(String url, String user, String password, String database) {
        this(url, user, password, database, false);
    }

    private ClickHouse(String url, String user, String password, String database, boolean distributedSync) {
        this.url = url;
        this.database = database;
        this.mapper = Jackson.newObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        Client.Builder builder = new Client.Builder();
        if (distributedSync) {
            builder.serverSetting(INSERT_DISTRIBUTED_SYNC, "1");
        }
        this.client = builder
                .addEndpoint(url)
                .setUsername(user)
                .setPassword(password == null ? "" : password)
                .setDefaultDatabase(database)
                // 18.16 ignores the X-ClickHouse-Database header the client sends for the default
                // database (statements then land in `default`); the `database` URL parameter is
                // understood by every version.
                .serverSetting(DATABASE_PARAMETER, database)
                // 18.16 returns an empty body when asked to compress its response (see class doc).
                .compressServerResponse(false)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(CALL_TIMEOUT.toMillis(), ChronoUnit.MILLIS)
                .build();
    }

    /** The database every unqualified table name refers to. */
    public String database() {
        return database;
    }

    /** The server's HTTP address, for messages. */
    public String url() {
        return url;
    }

    /** "ClickHouse at URL, database DB", for messages. */
    public String describe() {
        return "ClickHouse at " + url + ", database " + database;
    }

    /** Runs one statement (DDL, INSERT ... SELECT, ALTER, OPTIMIZE), waiting until it is done. */
    public void execute(String sql) {
        execute(sql, new CommandSettings());
    }

    /**
     * Runs one statement without a default database, for {@code CREATE/DROP DATABASE}: the
     * server refuses any request naming a database that does not exist yet.
     */
    public void executeWithoutDatabase(String sql) {
        CommandSettings settings = new CommandSettings();
        settings.setDatabase("system");
        settings.serverSetting(DATABASE_PARAMETER, "system");
        execute(sql, settings);
    }

    private void execute(String sql, CommandSettings settings) {
        try (CommandResponse ignored = await(client.execute(sql, settings), sql)) {
            // the statement is done once the response arrived
        } catch (ClickHouseAccessException e) {
            throw e;
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /**
     * Runs a query and returns its rows as JSON objects. Write the SQL without a {@code FORMAT}
     * clause: {@code FORMAT JSONEachRow} is appended. On 18.16, 64-bit integers come back as
     * JSON strings ({@code output_format_json_quote_64bit_integers}); use {@code asLong()}.
     */
    public List<ObjectNode> query(String sql) {
        List<ObjectNode> rows = new ArrayList<>();
        query(sql, rows::add);
        return rows;
    }

    /** Like {@link #query(String)}, but hands each row to {@code eachRow} as it is read. */
    public void query(String sql, Consumer<ObjectNode> eachRow) {
        query(sql, new QuerySettings(), eachRow);
    }

    private void query(String sql, QuerySettings settings, Consumer<ObjectNode> eachRow) {
        String statement = sql.strip().replaceAll(";+$", "") + "\nFORMAT JSONEachRow";
        try (QueryResponse response = await(client.query(statement, settings), sql);
             InputStream body = response.getInputStream();
             MappingIterator<ObjectNode> rows = mapper.readerFor(ObjectNode.class).readValues(body)) {
            while (rows.hasNextValue()) {
                eachRow.accept(rows.nextValue());
            }
        } catch (ClickHouseAccessException e) {
            throw e;
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    /**
     * Inserts newline-delimited JSON objects into {@code table} (a plain name, quoted here) and
     * returns the number of rows the server reports as written (0 on servers too old to report
     * it, such as 18.16). Unknown fields are skipped; timestamps are parsed best-effort.
     */
    public long insertJsonEachRow(String table, InputStream jsonEachRow) {
        return insert(table, null, jsonEachRow);
    }

    /**
     * Inserts newline-delimited JSON objects into the named {@code columns} of {@code table}
     * only; other columns get their defaults.
     */
    public long insertJsonEachRow(String table, List<String> columns, InputStream jsonEachRow) {
        return insert(table, columns, jsonEachRow);
    }

    /**
     * Inserts rows (maps, Jackson nodes, records: anything Jackson writes as a JSON object) into
     * {@code table}, streamed without building the whole body in memory; returns the row count.
     */
    public long insertJsonEachRow(String table, List<?> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        insertJsonEachRow(table, out -> {
            for (Object row : rows) {
                mapper.writeValue(out, row);
                out.write('\n');
            }
        });
        return rows.size();
    }

    /** Writes a request body as it is sent. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Inserts the JSONEachRow that {@code body} writes straight into the request, so the body is
     * never whole in memory and the server parses it while it is still being written. Returns
     * the rows the server reports as written (0 where it does not report).
     */
    public long insertJsonEachRow(String table, BodyWriter body) {
        String sql = "INSERT INTO " + ClickHouseSql.identifier(table) + " FORMAT JSONEachRow";
        return writtenRows(client.insert(ClickHouseSql.identifier(table), body::writeTo, ClickHouseFormat.JSONEachRow,
                insertSettings()), sql);
    }

    private long insert(String table, List<String> columns, InputStream body) {
        String sql = "INSERT INTO " + ClickHouseSql.identifier(table) + " FORMAT JSONEachRow";
        CompletableFuture<InsertResponse> future = columns == null
                ? client.insert(ClickHouseSql.identifier(table), body, ClickHouseFormat.JSONEachRow, insertSettings())
                : client.insert(ClickHouseSql.identifier(table),
                        columns.stream().map(ClickHouseSql::identifier).collect(Collectors.toList()),
                        body, ClickHouseFormat.JSONEachRow, insertSettings());
        return writtenRows(future, sql);
    }

    /** Waits for an insert; the rows the server reports as written (0 where it does not report). */
    private static long writtenRows(CompletableFuture<InsertResponse> future, String sql) {
        try (InsertResponse response = await(future, sql)) {
            return response.getWrittenRows();
        } catch (ClickHouseAccessException e) {
            throw e;
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    private static InsertSettings insertSettings() {
        return new InsertSettings()
                .serverSetting(SKIP_UNKNOWN_FIELDS, "1")
                .serverSetting(DATE_TIME_INPUT_FORMAT, "best_effort");
    }

    /** The server's version, asked once and remembered. */
    public ClickHouseVersion version() {
        ClickHouseVersion known = version;
        if (known == null) {
            List<ObjectNode> rows = query("SELECT version() AS version");
            known = ClickHouseVersion.parse(rows.get(0).path("version").asText());
            version = known;
        }
        return known;
    }

    /** What the server can do (types, settings), decided from {@link #version()}. */
    public ClickHouseCapabilities capabilities() {
        return ClickHouseCapabilities.of(version());
    }

    /**
     * True when this object's database exists. Asked with {@code system} as the default
     * database: a request naming a missing database fails whatever its SQL.
     */
    public boolean databaseExists() {
        QuerySettings settings = new QuerySettings();
        settings.setDatabase("system");
        settings.serverSetting(DATABASE_PARAMETER, "system");
        List<ObjectNode> rows = new ArrayList<>();
        query("SELECT name FROM system.databases WHERE name = " + ClickHouseSql.literal(database), settings, rows::add);
        return !rows.isEmpty();
    }

    /** True when a table of that name exists in this database. */
    public boolean tableExists(String table) {
        return !query("SELECT name FROM system.tables WHERE database = " + ClickHouseSql.literal(database)
                + " AND name = " + ClickHouseSql.literal(table)).isEmpty();
    }

    @Override
    public void close() {
        client.close();
    }

    private static <T> T await(CompletableFuture<T> future, String sql) throws InterruptedException {
        try {
            return future.get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(sql, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ClickHouseAccessException("ClickHouse did not answer within " + CALL_TIMEOUT + ": "
                    + abbreviate(sql), -1, true, e);
        }
    }

    /** Turns whatever the client threw into one exception type that says whether to retry. */
    private static ClickHouseAccessException failure(String sql, Throwable error) {
        if (error instanceof ClickHouseAccessException known) {
            return known;
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (error instanceof ServerException server) {
            return new ClickHouseAccessException(firstLine(server.getMessage()) + " (in: " + abbreviate(sql) + ")",
                    serverCode(server), server.isRetryable(), server);
        }
        if (isUnreachable(error)) {
            return new ClickHouseAccessException("cannot reach ClickHouse: " + firstLine(rootMessage(error)),
                    -1, true, error);
        }
        if (error instanceof UncheckedIOException || error instanceof IOException) {
            return new ClickHouseAccessException("ClickHouse answer could not be read: " + firstLine(rootMessage(error))
                    + " (in: " + abbreviate(sql) + ")", -1, false, error);
        }
        return new ClickHouseAccessException("ClickHouse call failed: " + firstLine(rootMessage(error))
                + " (in: " + abbreviate(sql) + ")", -1, false, error);
    }

    /**
     * The server's error code. 18.16 sends no {@code X-ClickHouse-Exception-Code} header, so the
     * client reports 0; the code is then read from the body ("Code: 60, e.displayText() = ...").
     */
    private static int serverCode(ServerException server) {
        if (server.getCode() > 0) {
            return server.getCode();
        }
        Matcher matcher = ERROR_CODE.matcher(String.valueOf(server.getMessage()));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : server.getCode();
    }

    private static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionInitiationException || cause instanceof ConnectException
                    || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
