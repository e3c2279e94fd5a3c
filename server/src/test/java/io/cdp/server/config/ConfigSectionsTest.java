package io.cdp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.BulkerConfig;
import io.cdp.server.ingest.IngestConfig;
import io.cdp.server.ingest.address.TrustedProxies;
import io.cdp.server.rotor.RotorConfig;
import io.cdp.server.workspaces.Tier;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration sections are records whose defaults are applied for absent settings: a file
 * names only what it changes, and a bad value refuses to start, naming the setting.
 */
class ConfigSectionsTest {
    private static final String REQUIRED = """
            adminToken: config-sections-test-token
            database: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://127.0.0.1:15432/cdp"}
            """;

    private static CdpConfiguration read(String yaml) throws Exception {
        return new YamlConfigurationFactory<>(CdpConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    /** The required settings plus {@code yaml} do not make a configuration, and the error says {@code text}. */
    private static void assertRefused(String yaml, String text) {
        assertThatThrownBy(() -> read(REQUIRED + yaml))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(text);
    }

    @Test
    void aFileWithOnlyTheAdminTokenGetsEveryDefault() throws Exception {
        CdpConfiguration config = read(REQUIRED);

        assertThat(config.ingest()).isEqualTo(new IngestConfig());
        assertThat(config.rotor()).isEqualTo(new RotorConfig());
        assertThat(config.kafka()).isEqualTo(new KafkaConfig());
        assertThat(config.redis()).isEqualTo(new RedisConfig());
        assertThat(config.clickhouse()).isEqualTo(new ClickHouseConfig());
        assertThat(config.ingest().payloadLimitBytes()).isEqualTo(100 * 1024);
        assertThat(config.ingest().lateEventWindow()).isEqualTo(Duration.hours(24));
        assertThat(config.ingest().rateLimits().of(Tier.PRO).burst()).isEqualTo(2500);
        assertThat(config.kafka().topics().dlq()).isEqualTo("events.dlq");
        assertThat(config.bulker().batchBytes()).isEqualTo(DataSize.mebibytes(16));
        assertThat(config.bulker().postgres().enabled()).isFalse();
        assertThat(config.rotor().geoDatabaseFile()).isEmpty();
    }

    @Test
    void aSectionThatNamesSomeSettingsKeepsTheDefaultsOfTheOthers() throws Exception {
        CdpConfiguration config = read(REQUIRED + """
                ingest: {payloadLimitKb: 50, rateLimits: {window: 2s}}
                kafka: {topics: {dlq: my.dlq}}
                rotor: {fetch: {allowedHosts: [api.example.com]}, geoDatabase: " /geo/City.mmdb "}
                bulker: {batchRows: 5, readThreads: 3}
                """);

        assertThat(config.ingest().payloadLimitKb()).isEqualTo(50);
        assertThat(config.ingest().batchLimitKb()).isEqualTo(500);
        assertThat(config.ingest().logPayloadOnError()).isTrue();
        assertThat(config.ingest().rateLimits().window()).isEqualTo(Duration.seconds(2));
        assertThat(config.ingest().rateLimits().of(Tier.DEFAULT)).isEqualTo(new IngestConfig.Limit(500, 1_000_000));
        assertThat(config.kafka().topics()).isEqualTo(
                new KafkaConfig.Topics("events.ingest", "events.processed", "my.dlq", "events.retry"));
        assertThat(config.rotor().fetch().timeout()).isEqualTo(Duration.seconds(2));
        assertThat(config.rotor().runtime().fetch().allowedHosts()).containsExactly("api.example.com");
        assertThat(config.rotor().geoDatabaseFile()).hasValueSatisfying(
                path -> assertThat(path).hasToString("/geo/City.mmdb"));
        assertThat(config.bulker().batchRows()).isEqualTo(5);
        assertThat(config.bulker().readThreads()).isEqualTo(3);
        assertThat(config.bulker().batchInterval()).isEqualTo(Duration.seconds(1));
        assertThat(config.bulker().withConsumerGroup("bench").consumerGroup()).isEqualTo("bench");
    }

    /** cdp.yml spells out every default; with no variable set it must say what the records say. */
    @Test
    void theBuiltInFileWithoutVariablesHasTheRecordsDefaults() throws Exception {
        StringSubstitutor noVariables = new StringSubstitutor(StringLookupFactory.INSTANCE.nullStringLookup());
        noVariables.setEnableSubstitutionInVariables(true);
        CdpConfiguration builtIn = new YamlConfigurationFactory<>(CdpConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw")
                .build(new SubstitutingSourceProvider(new FileOrClasspathSourceProvider(), noVariables),
                        CdpApplication.DEFAULT_CONFIG);

        // cdp.yml's trustedProxies is "" (one empty entry), which TrustedProxies reads as none.
        assertThat(builtIn.ingest()).usingRecursiveComparison().ignoringFields("trustedProxies")
                .isEqualTo(new IngestConfig());
        assertThat(TrustedProxies.parse(builtIn.ingest().trustedProxies()).isEmpty()).isTrue();
        assertThat(builtIn.rotor()).isEqualTo(new RotorConfig());
        assertThat(builtIn.kafka()).isEqualTo(new KafkaConfig());
        assertThat(builtIn.redis()).isEqualTo(new RedisConfig());
        assertThat(builtIn.clickhouse()).isEqualTo(new ClickHouseConfig());
        // The PostgreSQL destination's pool (a DataSourceFactory) has no equals: compared field by field.
        assertThat(builtIn.bulker()).usingRecursiveComparison().ignoringFields("postgres")
                .isEqualTo(new BulkerConfig());
    }

    @Test
    void clickHouseClusterModeIsOffWithoutShardsAndReadsTheShardListWhenGiven() throws Exception {
        assertThat(read(REQUIRED).clickhouse().clustered()).isFalse();

        ClickHouseConfig clickhouse = read(REQUIRED + """
                clickhouse: {database: events_db, cluster: {shards: " http://ch1:8123 , http://ch2:8123,"}}
                """).clickhouse();

        assertThat(clickhouse.clustered()).isTrue();
        assertThat(clickhouse.cluster().shardUrls()).containsExactly("http://ch1:8123", "http://ch2:8123");
        assertThat(clickhouse.cluster().name()).isEqualTo("cdp");
        assertThat(clickhouse.localDatabase()).isEqualTo("events_db_local");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ingest: {payloadLimitKb: 0}                  | ingest.payloadLimitKb must be greater than or equal to 1",
            "ingest: {rateLimits: {pro: {burst: 10}}}     | ingest.rateLimits.pro.perDay must be greater than or equal to 1",
            "ingest: {dedupTtl: 0s}                       | ingest.dedupTtl must be greater than or equal to 1 SECONDS",
            "rotor: {fetch: {timeout: 0ms}}               | rotor.fetch.timeout must be greater than or equal to 1 MILLISECONDS",
            "rotor: {poolSize: 0}                         | rotor.poolSize must be greater than or equal to 1",
            "bulker: {batchInterval: 5ms}                 | bulker.batchInterval must be greater than or equal to 10 MILLISECONDS",
            "bulker: {readThreads: -1}                    | bulker.readThreads must be greater than or equal to 0",
            "bulker: {postgres: {enabled: true}}          | bulker.postgres.database.url must be set when bulker.postgres.enabled is true",
            "kafka: {bootstrapServers: ''}                | kafka.bootstrapServers must not be empty",
            "redis: {port: 70000}                         | redis.port must be between 1 and 65535",
    })
    void aBadValueIsRefusedNamingTheSetting(String yaml, String message) {
        assertRefused(yaml, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ingest: {dedupTtl: -5s}      | ingest.dedupTtl",
            "rotor: {ipPolicy: hide}      | rotor.ipPolicy",
            "bulker: {batchRows: many}    | bulker.batchRows",
            "redis: {port: any}           | redis.port",
    })
    void aValueThatCannotBeReadIsRefusedNamingTheSetting(String yaml, String setting) {
        assertRefused(yaml, setting);
    }

    @Test
    void theServerRefusesToStartWithABadSettingNamingIt() {
        DropwizardTestSupport<CdpConfiguration> server = new DropwizardTestSupport<>(CdpApplication.class,
                CdpApplication.DEFAULT_CONFIG, ConfigOverride.config("bulker.maxRetryBackoff", "0s"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"));
        try {
            assertThatThrownBy(server::before)
                    .hasStackTraceContaining("bulker.maxRetryBackoff must be greater than or equal to 1 MILLISECONDS");
        } finally {
            server.after();
        }
    }
}
