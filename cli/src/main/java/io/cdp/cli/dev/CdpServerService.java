package io.cdp.cli.dev;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CDP server itself ({@code cdp server}, every role), started in the background by
 * {@code cdp dev up --with-server}: the same JVM, flags and class path as this CLI
 * ({@link CdpProcess}), with the environment that points it at the local services.
 */
public final class CdpServerService implements LocalService {
    private final DevSettings settings;
    private final Path home;

    public CdpServerService(DevSettings settings) {
        this.settings = settings;
        this.home = settings.dataDir().resolve("server");
    }

    @Override
    public String name() {
        return "server";
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

    private Path pidFile() {
        return home.resolve("server.pid");
    }

    /** Whether {@code --with-server} started it at some point (its pid file exists). */
    public boolean started() {
        return Files.exists(pidFile());
    }

    @Override
    public Optional<ProcessHandle> process() {
        return Processes.readPid(pidFile()).stream().boxed().findFirst()
                .flatMap(pid -> Processes.live(pid, CdpProcess.MAIN_CLASS));
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        Files.createDirectories(home);
        List<String> command = CdpProcess.command("server");
        Process process = Processes.startDetached(command, logFile(), settings.environment());
        Processes.writePid(pidFile(), process.pid());
    }

    @Override
    public boolean ready() {
        return HttpProbe.answers(settings.serverUrl() + "/health");
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(120);
    }

    @Override
    public boolean stop() throws IOException {
        // Dropwizard drains requests for shutdownGracePeriod (10 s by default) on SIGTERM.
        boolean stopped = process().map(process -> Processes.stop(process, Duration.ofSeconds(30))).orElse(true);
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
