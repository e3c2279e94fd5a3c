package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.cli.dev.stack.LocalStack;
import io.cdp.cli.command.CommandGroup;
import io.cdp.cli.command.HelpSections;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code cdp dev}: the local development services (PostgreSQL, Redis, ClickHouse, Kafka) as the
 * project's own processes under {@code .cdp/}. Its subcommands ({@link DevSubcommand}) share the
 * settings read here.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        header = "Run local PostgreSQL, Redis, ClickHouse and Kafka for development and tests.",
        description = {
                "Data, logs and pid files live in $CDP_HOME/.cdp (or $CDP_DATA_DIR).",
                "Ports: CDP_PG_PORT (15432), CDP_REDIS_PORT (16379), CDP_KAFKA_PORT (19092),"
                        + " CDP_KAFKA_CONTROLLER_PORT (19093), CDP_CLICKHOUSE_HTTP_PORT (18123),"
                        + " CDP_CLICKHOUSE_TCP_PORT (19000); the server: CDP_HTTP_PORT (3049), CDP_ADMIN_PORT (3050)."},
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = HelpSections.EXAMPLES,
        subcommands = {DevUpCommand.class, DevDownCommand.class, DevStatusCommand.class, DevLogsCommand.class},
        footer = {
                "  ./cdp dev up --with-server        services, migrations and the server",
                "  ./cdp dev status",
                "  ./cdp dev logs kafka -f",
                "  CDP_PG_PORT=25432 ./cdp dev up    when another PostgreSQL has the port",
                "  ./cdp dev down"})
public class DevCommand extends CommandGroup {
    private final Map<String, String> environment;

    public DevCommand() {
        this(System.getenv());
    }

    /** For tests: the variables to read instead of the process environment. */
    public DevCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The services for the current settings. */
    LocalStack stack() {
        return LocalStack.create(DevSettings.from(environment));
    }
}
