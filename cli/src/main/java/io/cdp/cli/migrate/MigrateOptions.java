package io.cdp.cli.migrate;

import io.cdp.cli.command.ServerConfigOption;
import io.cdp.server.migrate.MigrationTarget;
import io.cdp.server.migrate.ScriptSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --config} and {@code --scripts}, shared by the {@code cdp migrate} commands: which
 * configuration names the databases (the server's own, so both always agree) and where the
 * migration scripts come from.
 */
public class MigrateOptions {
    /** Which databases a command works on. */
    public enum Target {
        PG(List.of(MigrationTarget.POSTGRES)),
        CLICKHOUSE(List.of(MigrationTarget.CLICKHOUSE)),
        /** The PostgreSQL destination (bulker.postgres); part of "all" when it is on. */
        WAREHOUSE(List.of(MigrationTarget.WAREHOUSE)),
        ALL(List.of(MigrationTarget.POSTGRES, MigrationTarget.CLICKHOUSE, MigrationTarget.WAREHOUSE));

        private final List<MigrationTarget> targets;

        Target(List<MigrationTarget> targets) {
            this.targets = targets;
        }

        public List<MigrationTarget> targets() {
            return targets;
        }
    }

    @Mixin ServerConfigOption config;

    @Option(names = "--scripts", paramLabel = "DIR",
            description = "Read the scripts from DIR/migrations, DIR/clickhouse and DIR/warehouse instead of those built into cdp"
                    + " (the ./cdp launcher rebuilds when they change, so the two agree).")
    Path scripts;

    ScriptSource scriptSource() {
        return scripts == null ? ScriptSource.builtIn() : ScriptSource.directory(scripts);
    }
}
