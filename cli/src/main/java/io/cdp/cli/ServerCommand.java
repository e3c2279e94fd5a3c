package io.cdp.cli;

import io.cdp.cli.command.ServerConfigOption;
import io.cdp.client.LocalAdminToken;
import io.cdp.server.CdpApplication;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the Dropwizard server in the foreground. */
@Command(
        name = "server",
        header = "Run the server (ingest, rotor, bulker, management API) in the foreground.",
        description = "Reads the built-in cdp.yml unless --config names a file. Every setting can be overridden by"
                + " an environment variable (docs/operations.md lists them). The admin token is CDP_ADMIN_TOKEN, else"
                + " the one `cdp dev up` generated in .cdp/admin-token; without either the server refuses to start."
                + " Migrations are never run here: run `cdp migrate up` first.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:failed to start (see the log line that says why)"},
        footer = {
                "  ./cdp server",
                "  CDP_ROLES=ingest CDP_HTTP_PORT=8080 ./cdp server",
                "  ./cdp server --config /etc/cdp/cdp.yml"})
public class ServerCommand implements Callable<Integer> {
    @Mixin ServerConfigOption config;

    @Override
    public Integer call() throws Exception {
        useLocalAdminToken(System.getenv());
        new CdpApplication().run("server", config.file());
        // Dropwizard's Jetty threads keep the JVM alive until SIGTERM; main must not exit.
        Thread.currentThread().join();
        return 0;
    }

    /**
     * Where neither CDP_ADMIN_TOKEN nor {@code -Ddw.adminToken} names a token, the one of the
     * local setup ({@link LocalAdminToken}), through Dropwizard's {@code dw.} override: the file
     * stays the only place it is written.
     */
    static void useLocalAdminToken(Map<String, String> env) {
        String named = env.get("CDP_ADMIN_TOKEN");
        if ((named == null || named.isBlank()) && System.getProperty("dw.adminToken") == null) {
            LocalAdminToken.read(LocalAdminToken.dataDir(env)).ifPresent(token -> System.setProperty("dw.adminToken", token));
        }
    }
}
