package io.cdp.cli.bench;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Gives a local ClickHouse cores of its own for the length of a benchmark, and this JVM (the
 * bulker) and a local Kafka the others, as a deployment does with separate machines: on shared
 * cores every microsecond the bulker spends is taken from ClickHouse, which the raw phase has to
 * itself, so the ratio measured the machine's core count rather than whether the bulker keeps
 * ClickHouse fed. Done with {@code taskset} on every thread of the processes listening on the
 * configured ports; {@link #close} gives them back the cores they had.
 */
final class CoreSplit implements AutoCloseable {
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private record Pinned(long pid, String cpus) {
    }

    private final List<Pinned> originals;
    private final String description;
    private final Map<String, Long> services;
    /** Gives the cores back when the benchmark is interrupted (Ctrl-C), where {@link #close} would not run. */
    private final Thread onExit;

    private CoreSplit(List<Pinned> originals, String description, Map<String, Long> services) {
        this.originals = originals;
        this.description = description;
        this.services = services;
        this.onExit = new Thread(() -> restore(originals), "cdp-bench-cores");
        if (!originals.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(onExit);
        }
    }

    /** Where the processes run, for the report: "ClickHouse (pid 12) on CPU 1; ..." or why cores are shared. */
    String description() {
        return description;
    }

    /**
     * The processes found listening on ClickHouse's and Kafka's addresses, whether pinned or not,
     * by name ("ClickHouse", "Kafka", "Kafka 2", ...), for the report's CPU table.
     */
    Map<String, Long> services() {
        return services;
    }

    /**
     * Pins the process listening on {@code clickHouse} (host and port) to the last
     * {@code requested} of the cores this process may use (null: half of them, at least one),
     * and this process and those listening on {@code kafka} to the rest. Shares every core,
     * saying why, when {@code requested} is 0, when fewer than two cores are available, when
     * ClickHouse is not a process on this machine, or when the processes cannot be pinned.
     */
    static CoreSplit apply(Integer requested, HostAndPort clickHouse, List<HostAndPort> kafka) {
        OptionalLong clickHousePid = listeningPid(clickHouse);
        List<Long> kafkaPids = new ArrayList<>();
        for (HostAndPort broker : kafka) {
            listeningPid(broker).ifPresent(pid -> {
                if (!kafkaPids.contains(pid)) {
                    kafkaPids.add(pid);
                }
            });
        }
        Map<String, Long> services = new LinkedHashMap<>();
        clickHousePid.ifPresent(pid -> services.put("ClickHouse", pid));
        for (int i = 0; i < kafkaPids.size(); i++) {
            services.put(i == 0 ? "Kafka" : "Kafka " + (i + 1), kafkaPids.get(i));
        }
        if (requested != null && requested <= 0) {
            return shared("every core shared, as --clickhouse-cores 0 asks", services);
        }
        List<Integer> allowed;
        try {
            allowed = affinity(ProcessHandle.current().pid());
        } catch (IOException | RuntimeException notLinux) {
            return shared("every core shared: the cores a process runs on are not known here (" + notLinux.getMessage()
                    + ")", services);
        }
        int clickHouseCores = requested != null ? requested : Math.max(1, allowed.size() / 2);
        if (allowed.size() <= clickHouseCores) {
            return shared("every core shared: " + allowed.size() + " available, none left beside ClickHouse's "
                    + clickHouseCores, services);
        }
        if (clickHousePid.isEmpty()) {
            return shared("every core shared: no process of this machine (that this user may see) listens on "
                    + clickHouse + ", ClickHouse's address", services);
        }
        List<Integer> theirs = allowed.subList(allowed.size() - clickHouseCores, allowed.size());
        List<Integer> ours = allowed.subList(0, allowed.size() - clickHouseCores);
        List<Pinned> originals = new ArrayList<>();
        try {
            pin(clickHousePid.getAsLong(), theirs, originals);
            pin(ProcessHandle.current().pid(), ours, originals);
            for (long pid : kafkaPids) {
                pin(pid, ours, originals);
            }
        } catch (IOException e) {
            restore(originals);
            return shared("every core shared: " + e.getMessage(), services);
        }
        String kafkaPart = kafkaPids.isEmpty() ? "" : " and Kafka (pid " + kafkaPids.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        return new CoreSplit(originals, "ClickHouse (pid " + clickHousePid.getAsLong() + ") on CPU " + list(theirs)
                + "; this JVM (the bulker)" + kafkaPart + " on CPU " + list(ours) + " (--clickhouse-cores=0 to share"
                + " every core)", services);
    }

    private static CoreSplit shared(String why, Map<String, Long> services) {
        return new CoreSplit(List.of(), why, services);
    }

    @Override
    public void close() {
        if (!originals.isEmpty()) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                return; // the hook is running and gives the cores back
            }
        }
        restore(originals);
    }

    private static void restore(List<Pinned> originals) {
        for (Pinned original : originals) {
            try {
                taskset(original.pid(), original.cpus());
            } catch (IOException gone) {
                // The process ended meanwhile: nothing to give back.
            }
        }
    }

    private static void pin(long pid, List<Integer> cpus, List<Pinned> originals) throws IOException {
        String before = list(affinity(pid));
        taskset(pid, list(cpus));
        originals.add(new Pinned(pid, before));
    }

    /** Sets the cores of every thread of {@code pid}; threads started later inherit them. */
    static void taskset(long pid, String cpus) throws IOException {
        Process process = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("taskset could not pin pid " + pid + " to CPU " + cpus + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pinning pid " + pid, e);
        }
    }

    /** The cores {@code pid} may run on, from {@code /proc/<pid>/status}. */
    static List<Integer> affinity(long pid) throws IOException {
        for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseList(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IOException("/proc/" + pid + "/status names no Cpus_allowed_list");
    }

    /** "0-2,5" as [0, 1, 2, 5]. */
    static List<Integer> parseList(String cpus) {
        TreeSet<Integer> all = new TreeSet<>();
        for (String part : cpus.split(",")) {
            String[] range = part.strip().split("-");
            int first = Integer.parseInt(range[0]);
            int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
            for (int cpu = first; cpu <= last; cpu++) {
                all.add(cpu);
            }
        }
        return List.copyOf(all);
    }

    static String list(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * The process of this machine listening on {@code address}'s port, found through the
     * socket's inode ({@code /proc/net/tcp}, {@code tcp6}) among the processes' open files; empty
     * when the host is not this machine or no process this user may see listens there.
     */
    static OptionalLong listeningPid(HostAndPort address) {
        if (!isLocal(address.getHost())) {
            return OptionalLong.empty();
        }
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve("net").resolve(table))) {
                    listeningInode(line, address.getPort()).ifPresent(inodes::add);
                }
            } catch (IOException noSuchTable) {
                // No IPv6 (or not Linux): the other table answers.
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                if (holdsAny(process, inodes)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException notLinux) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * The inode of a listening socket on {@code port}, from a line of {@code /proc/net/tcp}:
     * {@code sl local_address rem_address st ... uid timeout inode}, addresses as hex
     * {@code address:port}.
     */
    static Optional<String> listeningInode(String line, int port) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 10 || !fields[3].equals(LISTEN)) {
            return Optional.empty();
        }
        String local = fields[1];
        int colon = local.lastIndexOf(':');
        if (colon < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port) {
            return Optional.empty();
        }
        return Optional.of(fields[9]);
    }

    private static boolean holdsAny(Path process, List<String> inodes) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path file : files) {
                String target = Files.readSymbolicLink(file).toString();
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException notOurs) {
            // Another user's process, or one that just ended.
        }
        return false;
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /** The host and port of ClickHouse's HTTP URL (8123, its default, when it names none). */
    static HostAndPort addressOf(String url) {
        URI uri = URI.create(url);
        return HostAndPort.fromParts(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 8123);
    }

    /** The brokers of Kafka's {@code bootstrap.servers}, comma-separated {@code host:port}s. */
    static List<HostAndPort> brokers(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(",")).map(String::strip).map(HostAndPort::fromString).toList();
    }
}
