package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.LocalStack;
import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.CdpProcess;
import io.cdp.cli.dev.process.Maven;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp dev up}: installs what is missing, starts the local services and waits until they answer. */
@Command(
        name = "up",
        header = "Start the local services (installing what is missing); wait until they answer.",
        description = "Installs what is missing (as root, with apt-get: postgresql, redis-server, clickhouse-server),"
                + " resolves Kafka's jars with Maven on the first start, and starts PostgreSQL, Redis, ClickHouse and"
                + " a single-node Kafka (KRaft) as this project's processes. Creates the database `cdp` and the topics"
                + " events.ingest, events.processed, events.dlq and events.retry, and writes .cdp/env for the server"
                + " and the tests. Running it again starts only what is not running. --with-server then runs"
                + " `cdp migrate up` and starts the server. --clickhouse-shards N runs N ClickHouse servers as the"
                + " cluster `cdp` (shard n on the ClickHouse ports + n - 1, data in DATA_DIR/clickhouse-n) and"
                + " writes the cluster settings into .cdp/env, so `cdp migrate` and `cdp server` use cluster mode"
                + " (docs/operations.md, \"ClickHouse as a cluster\").",
        exitCodeList = {
                "0:everything runs and answers",
                "1:something could not be installed or started (the message names its log)",
                "2:wrong usage"},
        footer = {
                "  ./cdp dev up",
                "  ./cdp dev up --with-server",
                "  ./cdp dev up --clickhouse-shards 2 --with-server",
                "  CDP_PG_PORT=25432 CDP_REDIS_PORT=26379 ./cdp dev up"})
public class DevUpCommand extends DevSubcommand {
    /**
     * Steps run once the server answers, in order. The place for what a developer needs next,
     * such as a demo write key and a curl line to send a first event.
     */
    static final List<ServerReadyStep> AFTER_SERVER_READY = List.of(new DemoKeyStep(System.getenv()));

    @Option(names = "--with-server",
            description = "Also run the migrations and start the server (all roles) in the background.")
    boolean withServer;

    @Option(names = "--clickhouse-shards", paramLabel = "N",
            description = "Run N ClickHouse servers as one cluster (1 to 8; default: CDP_CLICKHOUSE_SHARD_COUNT, else 1).")
    Integer clickhouseShards;

    @Override
    LocalStack stack() {
        LocalStack stack = super.stack();
        return clickhouseShards == null ? stack
                : LocalStack.create(stack.settings().withClickhouseShards(clickhouseShards));
    }

    @Override
    public Integer call() {
        return run(out -> {
            LocalStack stack = stack();
            stack.up(out);
            if (withServer) {
                migrate(stack, out);
                stack.upServer(out);
            }
            out.println();
            stack.report(out);
            out.println();
            out.println("Environment for the server and tests: " + stack.settings().envFile());
            out.println("Stop everything with ./cdp dev down");
            if (withServer) {
                // Last, so that what to do next (e.g. the demo key's curl line) ends the output.
                for (ServerReadyStep step : AFTER_SERVER_READY) {
                    step.run(stack.settings(), out);
                }
            }
            return 0;
        });
    }

    /**
     * Brings both databases to the newest migration before the server starts: {@code cdp migrate
     * up} in a child JVM with the services' environment, so it reaches exactly these services.
     */
    private static void migrate(LocalStack stack, PrintWriter out) throws IOException {
        out.println("migrations: cdp migrate up");
        out.flush();
        int status = Processes.run(CdpProcess.command("migrate", "up"), stack.settings().environment(), null, line -> {
            out.println("  " + line);
            out.flush();
        });
        if (status != 0) {
            throw new DevException("cdp migrate up failed (status " + status + "); its output above says why. "
                    + "The services keep running: fix it, then run ./cdp dev up --with-server again.");
        }
    }
}
