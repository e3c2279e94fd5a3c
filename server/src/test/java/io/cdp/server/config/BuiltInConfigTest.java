package io.cdp.server.config;

import io.cdp.server.ConfigurationLoader;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in cdp.yml, read both ways it is read: by the server's bootstrap and by
 * {@link ConfigurationLoader} (cdp migrate), environment substitution included.
 */
class BuiltInConfigTest {
    private static List<CdpConfiguration> configs;

    @BeforeAll
    static void load() throws Exception {
        CdpApplication application = new CdpApplication();
        Bootstrap<CdpConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        CdpConfiguration server = new YamlConfigurationFactory<>(CdpConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), CdpApplication.DEFAULT_CONFIG);
        configs = List.of(server, ConfigurationLoader.load(CdpApplication.DEFAULT_CONFIG));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Test
    void kafkaAddressFollowsTheDevPortVariableUnlessTheBootstrapIsSet() {
        String expected = env("CDP_KAFKA_BOOTSTRAP", "127.0.0.1:" + env("CDP_KAFKA_PORT", "19092"));

        assertThat(configs).allSatisfy(config -> assertThat(config.kafka().bootstrapServers()).isEqualTo(expected));
    }

    @Test
    void clickHouseUrlFollowsTheDevPortVariableUnlessTheUrlIsSet() {
        String expected = env("CDP_CLICKHOUSE_URL", "http://127.0.0.1:" + env("CDP_CLICKHOUSE_HTTP_PORT", "18123"));

        assertThat(configs).allSatisfy(config -> assertThat(config.clickhouse().url()).isEqualTo(expected));
    }
}
