package io.cdp.cli.dev.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Starting, finding and stopping the operating-system processes of the local services. Stateless;
 * every method is thread-safe.
 */
public final class Processes {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    /** Whether this JVM runs as root (PostgreSQL then has to run as the {@code postgres} user). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts a long-running process that outlives this JVM: in its own session (so Ctrl-C on
     * {@code cdp dev up} does not reach it), stdin from /dev/null, stdout and stderr appended to
     * {@code log}.
     */
    public static Process startDetached(List<String> command, Path log, Map<String, String> env) throws IOException {
        List<String> full = new ArrayList<>();
        // setsid execs the command in place (a child of the JVM is never a group leader), so the
        // pid we record is the service's own.
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Runs a command to its end, handing each line it prints (stdout and stderr) to {@code lines}.
     *
     * @return the command's exit status
     */
    public static int run(List<String> command, Map<String, String> env, Path workDir, Consumer<String> lines)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs a command to its end with its output appended to {@code log}; returns its status. */
    public static int run(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        try (var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            return run(command, env, null, line -> {
                try {
                    writer.write(line);
                    writer.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The pid written in the first line of a pid file, if the file exists and holds one. */
    public static OptionalLong readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public static void writePid(Path pidFile, long pid) throws IOException {
        Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The live process with this pid whose command line contains {@code expectedCommand}; a pid
     * reused by an unrelated process after a reboot or crash is not ours.
     */
    public static Optional<ProcessHandle> live(long pid, String expectedCommand) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                // A command line we cannot read (another user's process elsewhere): trust the pid.
                .filter(handle -> commandLine(handle).map(command -> command.contains(expectedCommand)).orElse(true));
    }

    /**
     * The full command line. {@code ProcessHandle.Info} reads at most one page of
     * /proc/PID/cmdline, which cuts off the main class after a long class path (Kafka's).
     */
    private static Optional<String> commandLine(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            return Optional.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return handle.info().commandLine().or(() -> handle.info().command());
        }
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL when it is still alive after {@code grace}.
     *
     * @return whether the process is gone
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        return awaitExit(process, Duration.ofSeconds(5));
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        return !process.isAlive();
    }

    /** Whether something accepts TCP connections on the loopback port. */
    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevException("interrupted", e);
        }
    }
}
