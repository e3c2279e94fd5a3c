package io.cdp.server.config;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, but a configuration mistake is reported as the list of
 * offending settings, not as a stack trace: the operator needs the field, not our internals.
 */
public class ServeCommand<T extends Configuration> extends ServerCommand<T> {
    public ServeCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        if (error instanceof ConfigurationException) {
            cli.getStdErr().println(error.getMessage().strip());
            cli.getStdErr().println("Fix the configuration (or the environment variables it reads; see docs/operations.md) and start again.");
            return;
        }
        if (error instanceof StartupRefused refused) {
            cli.getStdErr().println("cdp server: refusing to start: " + refused.getMessage());
            return;
        }
        super.onError(cli, namespace, error);
    }
}
