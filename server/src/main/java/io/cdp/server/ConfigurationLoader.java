package io.cdp.server;

import io.cdp.server.config.FileOrClasspathSourceProvider;
import io.cdp.server.CdpConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;

/**
 * Reads the server's configuration exactly as {@code cdp server} does (same file or built-in
 * {@code cdp.yml}, same {@code ${ENV:-default}} substitution, same validation), for commands
 * that need the addresses without starting the server, such as {@code cdp migrate}.
 *
 * <pre>{@code CdpConfiguration config = ConfigurationLoader.load("cdp.yml");}</pre>
 */
public final class ConfigurationLoader {
    private ConfigurationLoader() {
    }

    /**
     * Loads {@code path} (a file, or a class-path resource such as the built-in {@code cdp.yml}).
     *
     * @throws ConfigurationException listing the offending settings when the file is invalid
     * @throws IOException            when it cannot be read
     */
    public static CdpConfiguration load(String path) throws IOException, ConfigurationException {
        var factory = new YamlConfigurationFactory<>(CdpConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw");
        return factory.build(sourceProvider(), path);
    }

    /**
     * Where the configuration text comes from, for the server's bootstrap and for {@link #load}
     * alike: a file or the built-in resource, with {@code ${ENV:-default}} substitution. Defaults
     * may nest ({@code ${CDP_KAFKA_BOOTSTRAP:-127.0.0.1:${CDP_KAFKA_PORT:-19092}}}) so that the port
     * variables of {@code cdp dev up} move the server too.
     */
    public static ConfigurationSourceProvider sourceProvider() {
        return new SubstitutingSourceProvider(new FileOrClasspathSourceProvider(),
                new EnvironmentVariableSubstitutor(false, true));
    }
}
