package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.CdpProcess;
import io.cdp.cli.dev.process.HttpProbe;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDP server itself ({@code cdp server}, every role), started in the background by
 * {@code cdp dev up --with-server}: the same JVM, flags and class path as this CLI
 * ({@link CdpProcess}), with the environment that points it at the local services.
 */
public final class CdpServerService extends PidFileService {
    public CdpServerService(DevSettings settings) {
        // Dropwizard drains requests for shutdownGracePeriod (10 s by default) on SIGTERM.
        super(settings, "server", CdpProcess.MAIN_CLASS,
                new Timeouts(Duration.ofSeconds(120), Duration.ofSeconds(30)));
    }

    @Override
    public List<String> missingPackages() {
        return List.of();
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.serverPort(), DevSettings.SERVER_PORT),
                new Port(settings.serverAdminPort(), DevSettings.SERVER_ADMIN_PORT));
    }

    /** Whether {@code --with-server} started it at some point (its pid file exists). */
    public boolean started() {
        return Files.exists(pidFile());
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        Files.createDirectories(home);
        List<String> command = CdpProcess.command("server");
        Map<String, String> environment = new HashMap<>(settings.environment());
        // Ingest's spool (events waiting for Kafka) lives with the server's other local data,
        // unless the developer chose a folder.
        if (System.getenv("CDP_INGEST_SPOOL_DIR") == null) {
            environment.put("CDP_INGEST_SPOOL_DIR", home.resolve("spool").toString());
        }
        Process process = Processes.startDetached(command, logFile(), environment);
        Processes.writePid(pidFile(), process.pid());
    }

    @Override
    public boolean ready() {
        return HttpProbe.answers(settings.serverUrl() + "/health");
    }

    /** Stops it and forgets its pid file, so that {@code status} no longer lists it. */
    @Override
    public boolean stop() throws IOException {
        boolean stopped = super.stop();
        if (stopped) {
            Files.deleteIfExists(pidFile());
        }
        return stopped;
    }

    @Override
    public String address() {
        return settings.serverUrl() + " (admin http://" + DevSettings.HOST + ":" + settings.serverAdminPort() + ")";
    }

    @Override
    public Path logFile() {
        return home.resolve("server.log");
    }
}
