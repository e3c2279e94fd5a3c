package io.cdp.cli;

import io.cdp.server.CdpApplication;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the Dropwizard server in the foreground. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        header = "Run the server (ingest, rotor, bulker, management API) in the foreground.",
        description = "Reads the built-in cdp.yml unless --config names a file. Every setting can be overridden by"
                + " an environment variable (docs/operations.md lists them). Migrations are never run here: run"
                + " `cdp migrate up` first.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:failed to start (see the log line that says why)"},
        footer = {
                "",
                "Examples:",
                "  ./cdp server",
                "  CDP_ROLES=ingest CDP_HTTP_PORT=8080 ./cdp server",
                "  ./cdp server --config /etc/cdp/cdp.yml"})
public class ServerCommand implements Callable<Integer> {
    @Mixin ServerConfigOption config;

    @Override
    public Integer call() throws Exception {
        new CdpApplication().run("server", config.file());
        // Dropwizard's Jetty threads keep the JVM alive until SIGTERM; main must not exit.
        Thread.currentThread().join();
        return 0;
    }
}
