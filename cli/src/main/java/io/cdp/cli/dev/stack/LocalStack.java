package io.cdp.cli.dev.stack;

import io.cdp.client.LocalAdminToken;
import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.LogTail;
import io.cdp.cli.dev.process.PackageInstaller;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The local development services as one unit: PostgreSQL, Redis, ClickHouse and Kafka, plus the
 * CDP server when asked for. Starts what is not running (installing what is missing first),
 * waits until everything answers, stops everything, and reports what runs. Every step is safe to
 * repeat. Not thread-safe: one command drives it.
 *
 * <pre>{@code
 * LocalStack stack = LocalStack.create(DevSettings.from(System.getenv()));
 * stack.up(out);                        // idempotent
 * stack.status().forEach(s -> out.println(s.line()));
 * stack.down(out);
 * }</pre>
 */
public final class LocalStack {
    private static final Duration POLL = Duration.ofMillis(250);
    /** A process that vanished this long after its start has died (PostgreSQL writes its pid file late). */
    private static final Duration GRACE_BEFORE_DEATH_CHECK = Duration.ofSeconds(5);
    private static final int LOG_LINES_ON_FAILURE = 15;

    private final DevSettings settings;
    private final List<LocalService> services;
    private final CdpServerService server;
    private final PackageInstaller installer;

    LocalStack(DevSettings settings, List<LocalService> services, CdpServerService server, PackageInstaller installer) {
        this.settings = settings;
        this.services = List.copyOf(services);
        this.server = server;
        this.installer = installer;
    }

    /**
     * The four services in start order (ClickHouse once per shard of
     * {@link DevSettings#clickhouseShards()}, plus any further shard a larger earlier
     * {@code --clickhouse-shards} left running, so that {@code down} and {@code status} see it),
     * and the server.
     */
    public static LocalStack create(DevSettings settings) {
        List<LocalService> services = new ArrayList<>(List.of(new PostgresService(settings), new RedisService(settings)));
        for (int shard = 1; shard <= DevSettings.MAX_CLICKHOUSE_SHARDS; shard++) {
            ClickHouseService clickHouse = new ClickHouseService(settings, shard);
            if (shard <= settings.clickhouseShards() || clickHouse.process().isPresent()) {
                services.add(clickHouse);
            }
        }
        services.add(new KafkaService(settings));
        return new LocalStack(settings, services, new CdpServerService(settings), new PackageInstaller());
    }

    public DevSettings settings() {
        return settings;
    }

    /** PostgreSQL, Redis, ClickHouse (each shard) and Kafka (without the server). */
    public List<LocalService> services() {
        return services;
    }

    public CdpServerService server() {
        return server;
    }

    /** Every service and the server, by name. */
    public Optional<LocalService> find(String name) {
        return all().stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** The names {@link #find} knows. */
    public List<String> names() {
        return all().stream().map(LocalService::name).toList();
    }

    private List<LocalService> all() {
        List<LocalService> all = new ArrayList<>(services);
        all.add(server);
        return all;
    }

    /**
     * Installs what is missing, starts every service that does not run, waits until all answer,
     * creates the database and topics, writes {@link DevSettings#envFile()}, and generates the
     * setup's admin token ({@link LocalAdminToken}) the first time.
     *
     * @throws DevException when something cannot start; the message names the log to read
     */
    public void up(PrintWriter out) throws IOException {
        checkPorts(services); // before installing anything: a taken port is the quicker fix
        List<String> missing = new ArrayList<>();
        services.forEach(service -> missing.addAll(service.missingPackages()));
        installer.install(missing.stream().distinct().toList(), out);
        startAndAwait(services, out);
        EnvFile.write(settings.envFile(), settings.environment());
        Path tokenFile = settings.dataDir().resolve(LocalAdminToken.FILE_NAME);
        if (!Files.exists(tokenFile)) {
            LocalAdminToken.create(settings.dataDir());
            out.println("admin token: generated in " + tokenFile + " (mode 0600); cdp commands and the server use it");
        }
    }

    /** Starts the server (after {@link #up}) unless it runs, and waits until {@code /health} answers. */
    public void upServer(PrintWriter out) throws IOException {
        startAndAwait(List.of(server), out);
    }

    private void startAndAwait(List<LocalService> wanted, PrintWriter out) throws IOException {
        checkPorts(wanted);
        Map<LocalService, Long> startedAt = new HashMap<>();
        // Start everything first, then wait: the services boot in parallel. The slowest (Kafka,
        // last in the list) starts first.
        List<LocalService> startOrder = new ArrayList<>(wanted);
        Collections.reverse(startOrder);
        for (LocalService service : startOrder) {
            Optional<ProcessHandle> process = service.process();
            if (process.isPresent()) {
                out.println(service.name() + ": already running (pid " + process.get().pid() + ")");
                continue;
            }
            out.println(service.name() + ": starting on " + portList(service));
            out.flush();
            service.start(out);
            startedAt.put(service, System.nanoTime());
        }
        for (LocalService service : wanted) {
            await(service, startedAt.getOrDefault(service, System.nanoTime()), out);
            service.afterReady(out);
        }
        out.flush();
    }

    /**
     * Refuses to start when a port is taken by a process that is not ours, before anything
     * starts: the message names the variable that moves the port.
     */
    private void checkPorts(List<LocalService> wanted) {
        Map<Integer, String> seen = new HashMap<>();
        for (LocalService service : all()) {
            for (LocalService.Port port : service.ports()) {
                String previous = seen.putIfAbsent(port.number(), port.variable());
                if (previous != null) {
                    throw new DevException(previous + " and " + port.variable() + " both say port " + port.number()
                            + ": give each service its own port.");
                }
            }
        }
        for (LocalService service : wanted) {
            if (service.process().isPresent()) {
                continue;
            }
            for (LocalService.Port port : service.ports()) {
                if (Processes.portOpen(port.number())) {
                    int suggestion = port.number() + 10000 <= 65535 ? port.number() + 10000 : port.number() - 10000;
                    throw new DevException("port " + port.number() + " (" + service.name() + ") is in use by another "
                            + "process: set " + port.variable() + " to a free port, e.g. "
                            + port.variable() + "=" + suggestion + " ./cdp dev up");
                }
            }
        }
    }

    private void await(LocalService service, long startedAt, PrintWriter out) {
        long deadline = startedAt + service.readyTimeout().toNanos();
        while (!service.ready()) {
            long now = System.nanoTime();
            boolean dead = service.process().isEmpty() && now - startedAt > GRACE_BEFORE_DEATH_CHECK.toNanos();
            if (dead || now > deadline) {
                String what = dead ? " stopped during its start"
                        : " did not answer on " + portList(service) + " within " + service.readyTimeout().toSeconds() + " s";
                throw new DevException(service.name() + what + ". " + logExcerpt(service)
                        + "Run `./cdp dev logs " + service.name() + "` for more; `./cdp dev down` stops the rest.");
            }
            Processes.sleep(POLL);
        }
        out.println(service.name() + ": ready");
        out.flush();
    }

    private static String logExcerpt(LocalService service) {
        StringBuilder text = new StringBuilder();
        for (Path log : service.logFiles()) {
            List<String> lines = LogTail.lastLines(log, LOG_LINES_ON_FAILURE);
            if (!lines.isEmpty()) {
                text.append("Last lines of ").append(log).append(":\n");
                lines.forEach(line -> text.append("  ").append(line).append('\n'));
                return text.toString();
            }
        }
        return "Its log: " + service.logFile() + "\n";
    }

    private static String portList(LocalService service) {
        return String.join(", ", service.ports().stream()
                .map(port -> DevSettings.HOST + ":" + port.number()).toList());
    }

    /**
     * Stops the server and every service (the reverse of the start order) and removes
     * {@link DevSettings#envFile()}.
     *
     * @return whether everything is stopped
     */
    public boolean down(PrintWriter out) throws IOException {
        List<LocalService> reverse = new ArrayList<>(all());
        Collections.reverse(reverse);
        boolean allStopped = true;
        for (LocalService service : reverse) {
            Optional<ProcessHandle> process = service.process();
            if (process.isEmpty()) {
                if (service == server) {
                    server.stop(); // forgets a stale pid file left by a crash
                } else {
                    out.println(service.name() + ": not running");
                }
                continue;
            }
            out.print(service.name() + ": stopping pid " + process.get().pid() + "... ");
            out.flush();
            boolean stopped = service.stop();
            out.println(stopped ? "stopped" : "STILL RUNNING (see " + service.logFile() + ")");
            out.flush();
            allStopped &= stopped;
        }
        Files.deleteIfExists(settings.envFile());
        return allStopped;
    }

    /** Prints one line per service (state, pid, address), as {@code cdp dev status} does. */
    public void report(PrintWriter out) {
        status().forEach(status -> out.println(status.line()));
        out.flush();
    }

    /** The state of each service, and of the server when {@code --with-server} started it. */
    public List<ServiceStatus> status() {
        List<ServiceStatus> statuses = new ArrayList<>();
        for (LocalService service : all()) {
            if (service == server && !server.started()) {
                continue;
            }
            Optional<ProcessHandle> process = service.process();
            ServiceStatus.State state = process.isEmpty() ? ServiceStatus.State.STOPPED
                    : service.ready() ? ServiceStatus.State.RUNNING : ServiceStatus.State.NOT_ANSWERING;
            OptionalLong pid = process.map(handle -> OptionalLong.of(handle.pid())).orElse(OptionalLong.empty());
            statuses.add(new ServiceStatus(service.name(), state, pid, service.address(), service.logFile()));
        }
        return statuses;
    }
}
