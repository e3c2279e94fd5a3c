package io.cdp.cli.bench;

import io.cdp.server.LoopbackPorts;
import io.cdp.cli.dev.process.CdpProcess;
import io.cdp.cli.dev.process.HttpProbe;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server of a benchmark run as one process per role ({@code cdp server} with
 * {@code CDP_ROLES}, the same JVM flags and class path as this CLI), so that the cores each
 * stage takes can be read off its process. Each listens on free loopback ports; its log is
 * {@code <directory>/<role>.log}. Closing stops them all (SIGTERM, then kill after 30 s).
 */
final class RoleProcesses implements AutoCloseable {
    record Role(String name, Process process, int port, int adminPort, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Path directory;
    private final Map<String, String> environment;

    /** @param environment what every process gets on top of this one's: databases, topics, token */
    RoleProcesses(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    Role start(String name, String roleList) throws IOException {
        int port = LoopbackPorts.free();
        int adminPort = LoopbackPorts.free();
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("CDP_ROLES", roleList);
        env.put("CDP_HTTP_HOST", "127.0.0.1");
        env.put("CDP_HTTP_PORT", String.valueOf(port));
        env.put("CDP_ADMIN_HOST", "127.0.0.1");
        env.put("CDP_ADMIN_PORT", String.valueOf(adminPort));
        Path log = directory.resolve(name + ".log");
        Process process = Processes.startDetached(CdpProcess.command("server"), log, env);
        Role role = new Role(name, process, port, adminPort, log);
        roles.put(name, role);
        return role;
    }

    /** Waits until every process answers {@code /ping} on its admin port; fails naming the one that died. */
    void awaitReady(Duration timeout, PrintWriter progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Role role : roles.values()) {
            while (!HttpProbe.answers("http://127.0.0.1:" + role.adminPort() + "/ping")) {
                if (!role.process().isAlive()) {
                    throw new IllegalStateException("the " + role.name() + " process stopped; see " + role.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + role.name() + " process did not start within "
                            + timeout.toSeconds() + " s; see " + role.log());
                }
                Thread.sleep(250);
            }
            progress.printf("  %s ready (pid %d, log %s)%n", role.name(), role.process().pid(), role.log());
        }
    }

    /** Each process's pid by name, for {@link CpuMeter}. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        roles.values().forEach(role -> pids.put(role.name(), role.process().pid()));
        return pids;
    }

    @Override
    public void close() {
        roles.values().forEach(role -> Processes.stop(role.process().toHandle(), Duration.ofSeconds(30)));
    }
}
