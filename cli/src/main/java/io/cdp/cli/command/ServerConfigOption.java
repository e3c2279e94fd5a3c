package io.cdp.cli.command;

import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.ConfigurationLoader;
import io.dropwizard.configuration.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code -c, --config FILE}: the server's configuration, read as the server reads it, for the
 * commands that run the server or reach its databases and Kafka themselves ({@code server},
 * {@code migrate}, {@code bench bulker}), so they and the server always agree. A picocli
 * {@code @Mixin}; not thread-safe.
 */
public class ServerConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Server configuration file (default: the built-in cdp.yml, whose CDP_* environment"
                    + " variables apply).")
    String file = CdpApplication.DEFAULT_CONFIG;

    /** The file's name as given, or the built-in configuration's. */
    public String file() {
        return file;
    }

    /** The configuration, read and validated as the server reads it. */
    public CdpConfiguration load() throws IOException, ConfigurationException {
        return ConfigurationLoader.load(file);
    }
}
