package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevSettingsTest {
    @Test
    void defaultsKeepClearOfSystemServicesAndLiveUnderTheProject() {
        DevSettings settings = DevSettings.from(Map.of("CDP_HOME", "/srv/cdp"));

        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/cdp/.cdp"));
        assertThat(settings.pgPort()).isEqualTo(15432);
        assertThat(settings.redisPort()).isEqualTo(16379);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
        assertThat(settings.clickhouseHttpPort()).isEqualTo(18123);
        assertThat(settings.clickhouseTcpPort()).isEqualTo(19000);
        assertThat(settings.serverPort()).isEqualTo(3049);
    }

    @Test
    void everyPortAndTheDataFolderCanBeMoved() {
        DevSettings settings = DevSettings.from(Map.of(
                "CDP_DATA_DIR", "/var/tmp/cdp-data",
                "CDP_PG_PORT", "25432", "CDP_REDIS_PORT", "26379",
                "CDP_KAFKA_PORT", "29092", "CDP_KAFKA_CONTROLLER_PORT", "29093",
                "CDP_CLICKHOUSE_HTTP_PORT", "28123", "CDP_CLICKHOUSE_TCP_PORT", "29000",
                "CDP_HTTP_PORT", "23049", "CDP_ADMIN_PORT", "23050"));

        assertThat(settings).isEqualTo(new DevSettings(Path.of("/var/tmp/cdp-data"),
                25432, 26379, 29092, 29093, 28123, 29000, 23049, 23050));
    }

    @Test
    void environmentGivesTheServerAndTestsTheAddressesTheyRead() {
        Map<String, String> env = DevSettings.from(Map.of("CDP_KAFKA_PORT", "29092", "CDP_CLICKHOUSE_HTTP_PORT", "28123",
                "CDP_PG_PORT", "25432")).environment();

        assertThat(env)
                .containsEntry("CDP_PG_PORT", "25432")
                .containsEntry("CDP_REDIS_PORT", "16379")
                .containsEntry("CDP_KAFKA_BOOTSTRAP", "127.0.0.1:29092")
                .containsEntry("CDP_CLICKHOUSE_URL", "http://127.0.0.1:28123")
                .containsEntry("CDP_HTTP_PORT", "3049");
    }

    @Test
    void twoClickHouseShardsGetPortsOfTheirOwnAndTheServerGetsTheCluster() {
        DevSettings settings = DevSettings.from(Map.of("CDP_CLICKHOUSE_HTTP_PORT", "28123", "CDP_CLICKHOUSE_TCP_PORT", "29000",
                "CDP_CLICKHOUSE_SHARD_COUNT", "2"));

        assertThat(settings.clickhouseUrl(2)).isEqualTo("http://127.0.0.1:28124");
        assertThat(settings.clickhouseTcpPort(2)).isEqualTo(29001);
        assertThat(settings.environment())
                .containsEntry("CDP_CLICKHOUSE_URL", "http://127.0.0.1:28123")
                .containsEntry("CDP_CLICKHOUSE_SHARDS", "http://127.0.0.1:28123,http://127.0.0.1:28124")
                .containsEntry("CDP_CLICKHOUSE_CLUSTER", "cdp");
        assertThat(settings.withClickhouseShards(1).environment()).doesNotContainKeys("CDP_CLICKHOUSE_SHARDS",
                "CDP_CLICKHOUSE_CLUSTER");
    }

    @Test
    void aShardCountOutsideTheRangeIsRejectedWithTheLimits() {
        assertThatThrownBy(() -> DevSettings.from(Map.of("CDP_CLICKHOUSE_SHARD_COUNT", "9")))
                .isInstanceOf(DevException.class)
                .hasMessageContaining("between 1 and 8");
        assertThatThrownBy(() -> DevSettings.from(Map.of("CDP_CLICKHOUSE_SHARD_COUNT", "two")))
                .isInstanceOf(DevException.class)
                .hasMessageContaining("CDP_CLICKHOUSE_SHARD_COUNT");
    }

    @Test
    void aPortThatIsNotANumberIsRejectedByName() {
        assertThatThrownBy(() -> DevSettings.from(Map.of("CDP_REDIS_PORT", "redis")))
                .isInstanceOf(DevException.class)
                .hasMessageContaining("CDP_REDIS_PORT must be a port number")
                .hasMessageContaining("'redis'");
    }

    @Test
    void aPortOutOfRangeIsRejectedByName() {
        assertThatThrownBy(() -> DevSettings.from(Map.of("CDP_KAFKA_PORT", "70000")))
                .isInstanceOf(DevException.class)
                .hasMessageContaining("CDP_KAFKA_PORT");
    }
}
