package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The common ground of the local services: a folder of its own in the data folder
 * ({@code DATA_DIR/NAME}), a pid file that finds its process again from any later command, and a
 * stop by signal (SIGTERM, SIGKILL after a grace period).
 */
abstract class PidFileService implements LocalService {
    protected final DevSettings settings;
    /** {@code DATA_DIR/NAME}: the service's data, configuration, log and pid file. */
    protected final Path home;
    private final String name;
    private final String commandMarker;
    private final Timeouts timeouts;

    /**
     * How long a service may take to change state; they differ a lot (Redis answers at once, Kafka
     * and the server take a minute on a busy machine).
     *
     * @param ready how long it may take to answer after starting
     * @param stop  how long it may take to stop after SIGTERM
     */
    record Timeouts(Duration ready, Duration stop) {
    }

    /**
     * @param name          the service's name, also its folder's
     * @param commandMarker a piece of its command line, so that a pid reused by another process is not taken for it
     */
    PidFileService(DevSettings settings, String name, String commandMarker, Timeouts timeouts) {
        this.settings = settings;
        this.home = settings.dataDir().resolve(name);
        this.name = name;
        this.commandMarker = commandMarker;
        this.timeouts = timeouts;
    }

    @Override
    public Duration readyTimeout() {
        return timeouts.ready();
    }

    @Override
    public String name() {
        return name;
    }

    /** The file whose first line is the process id: {@code DATA_DIR/NAME/NAME.pid} unless the service writes its own. */
    protected Path pidFile() {
        return home.resolve(name + ".pid");
    }

    @Override
    public Optional<ProcessHandle> process() {
        return Processes.readPid(pidFile()).stream().boxed().findFirst()
                .flatMap(pid -> Processes.live(pid, commandMarker));
    }

    @Override
    public boolean stop() throws IOException {
        return process().map(process -> Processes.stop(process, timeouts.stop())).orElse(true);
    }
}
