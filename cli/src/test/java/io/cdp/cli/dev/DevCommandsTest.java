package io.cdp.cli.dev;

import io.cdp.cli.CdpRun;
import io.cdp.cli.dev.stack.DevSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cdp dev} commands run through picocli, against an empty data folder and free ports. */
class DevCommandsTest {
    @TempDir
    Path dataDir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void freePortsAndAnEmptyDataFolder() throws IOException {
        env.put("CDP_DATA_DIR", dataDir.toString());
        for (String variable : DevSettings.DEFAULTS.keySet()) {
            env.put(variable, String.valueOf(freePort()));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private CdpRun run(String... args) {
        return CdpRun.alone(new DevCommand(env), args);
    }

    @Test
    void helpListsTheSubcommandsAndShowsExamples() {
        CdpRun run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Run local PostgreSQL, Redis, ClickHouse and Kafka for development and tests.")
                .contains("up", "down", "status", "logs")
                .contains("Examples:", "./cdp dev up --with-server")
                .contains("CDP_PG_PORT (15432)");
    }

    @Test
    void upHelpSaysWhatItDoesWithExitCodesAndExamples() {
        CdpRun run = run("up", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Start the local services (installing what is missing); wait until they answer.")
                .contains("--with-server")
                .contains("Exit codes:", "1   something could not be installed or started")
                .contains("CDP_PG_PORT=25432 CDP_REDIS_PORT=26379 ./cdp dev up");
    }

    @Test
    void withoutASubcommandItListsThem() {
        CdpRun run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: dev [-hV] COMMAND", "up ", "down ", "status ", "logs ");
    }

    @Test
    void statusWithNothingRunningSaysStoppedAndFails() {
        CdpRun run = run("status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("postgres +stopped +postgresql://postgres@127.0.0.1:" + env.get("CDP_PG_PORT") + "/cdp")
                .containsPattern("redis +stopped")
                .containsPattern("clickhouse +stopped")
                .containsPattern("kafka +stopped +127.0.0.1:" + env.get("CDP_KAFKA_PORT"))
                .doesNotContain("server ")
                .contains("./cdp dev up starts what is missing")
                .contains("Data: " + dataDir);
    }

    @Test
    void downWithNothingRunningIsFine() {
        CdpRun run = run("down");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("postgres: not running", "kafka: not running");
    }

    @Test
    void upRefusesAPortTakenByAnotherProcessAndNamesItsVariable() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            env.put("CDP_REDIS_PORT", String.valueOf(taken.getLocalPort()));

            CdpRun run = run("up");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " (redis) is in use by another process",
                    "set CDP_REDIS_PORT to a free port");
        }
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void twoServicesOnOnePortAreRefused() {
        env.put("CDP_CLICKHOUSE_TCP_PORT", env.get("CDP_KAFKA_PORT"));

        CdpRun run = run("up");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CDP_CLICKHOUSE_TCP_PORT and CDP_KAFKA_PORT both say port " + env.get("CDP_KAFKA_PORT"));
    }

    @Test
    void upWithTwoClickHouseShardsChecksTheSecondShardsPortsBeforeStartingAnything() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            env.put("CDP_CLICKHOUSE_HTTP_PORT", String.valueOf(taken.getLocalPort() - 1));

            CdpRun run = run("up", "--clickhouse-shards", "2");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " (clickhouse-2) is in use by another process");
        }
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void aShardCountOutsideOneToEightIsAClearError() {
        CdpRun run = run("up", "--clickhouse-shards", "9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cdp dev up: the number of ClickHouse shards must be between 1 and 8, not 9");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void statusOfATwoShardSetupShowsBothClickHouseServers() {
        env.put("CDP_CLICKHOUSE_SHARD_COUNT", "2");

        CdpRun run = run("status");

        assertThat(run.out()).containsPattern("clickhouse +stopped")
                .containsPattern("clickhouse-2 +stopped +http://127.0.0.1:"
                        + (Integer.parseInt(env.get("CDP_CLICKHOUSE_HTTP_PORT")) + 1));
    }

    @Test
    void aBadPortVariableIsAClearError() {
        env.put("CDP_PG_PORT", "five");

        CdpRun run = run("status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cdp dev status: CDP_PG_PORT must be a port number between 1 and 65535, not 'five'");
    }

    @Test
    void logsShowTheEndOfTheServiceLog() throws IOException {
        Files.createDirectories(dataDir.resolve("redis"));
        Files.writeString(dataDir.resolve("redis/redis.log"), "first\nsecond\nthird\n");

        CdpRun run = run("logs", "redis", "-n", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("second\nthird\n");
    }

    @Test
    void logsOfAServiceNeverStartedSayHowToStartIt() {
        CdpRun run = run("logs", "server");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("No log yet at " + dataDir.resolve("server/server.log"), "./cdp dev up --with-server");
    }

    @Test
    void logsOfAnUnknownServiceListTheKnownOnes() {
        CdpRun run = run("logs", "mysql");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown service 'mysql': choose one of postgres, redis, clickhouse, kafka, server");
    }
}
