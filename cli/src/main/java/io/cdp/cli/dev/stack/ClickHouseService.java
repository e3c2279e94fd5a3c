package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.HttpProbe;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse from the operating system's packages (Debian ships 18.16), run in the foreground as
 * a background child with a configuration of the project's own in {@code DATA_DIR/clickhouse}.
 * The package's users file is used as it is: user {@code default}, no password.
 *
 * <p>With {@link DevSettings#clickhouseShards()} above 1, one instance per shard: shard 1 is
 * {@code clickhouse} (as without a cluster), shard {@code n} is {@code clickhouse-n} with its
 * own folder and the ports + {@code n - 1}, and every one's configuration names all of them in
 * {@code remote_servers} as the cluster {@value DevSettings#CLUSTER_NAME}, one replica per shard.
 */
public final class ClickHouseService extends PidFileService {
    private static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");

    private final int shard;

    /** The first (or only) ClickHouse server. */
    public ClickHouseService(DevSettings settings) {
        this(settings, 1);
    }

    /** Shard {@code shard} (1-based) of the local cluster. */
    public ClickHouseService(DevSettings settings, int shard) {
        super(settings, name(shard), "clickhouse", new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(20)));
        this.shard = shard;
    }

    /** The service's name, also its folder's: {@code clickhouse}, {@code clickhouse-2}, ... */
    public static String name(int shard) {
        return shard == 1 ? "clickhouse" : "clickhouse-" + shard;
    }

    @Override
    public List<String> missingPackages() {
        return Files.isExecutable(BINARY) ? List.of() : List.of("clickhouse-server");
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.clickhouseHttpPort(shard), DevSettings.CLICKHOUSE_HTTP_PORT),
                new Port(settings.clickhouseTcpPort(shard), DevSettings.CLICKHOUSE_TCP_PORT));
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new DevException("ClickHouse is not installed: apt-get install -y clickhouse-server");
        }
        Path config = home.resolve("config.xml");
        Templates.write("clickhouse-config.xml", Map.of(
                "DIR", home.toString(),
                "HTTP_PORT", String.valueOf(settings.clickhouseHttpPort(shard)),
                "TCP_PORT", String.valueOf(settings.clickhouseTcpPort(shard)),
                "REMOTE_SERVERS", remoteServers()), config);
        for (String dir : List.of("log", "data", "tmp", "user_files", "format_schemas")) {
            Files.createDirectories(home.resolve(dir));
        }
        Process process = Processes.startDetached(
                List.of(BINARY.toString(), "--config-file=" + config), consoleLog(), Map.of());
        Processes.writePid(pidFile(), process.pid());
    }

    /** The {@code remote_servers} section naming every shard, or nothing for a single server. */
    private String remoteServers() {
        if (settings.clickhouseShards() == 1) {
            return "";
        }
        StringBuilder xml = new StringBuilder("<remote_servers>\n    <" + DevSettings.CLUSTER_NAME + ">\n");
        for (int each = 1; each <= settings.clickhouseShards(); each++) {
            xml.append("      <shard><replica><host>").append(DevSettings.HOST).append("</host><port>")
                    .append(settings.clickhouseTcpPort(each)).append("</port></replica></shard>\n");
        }
        return xml.append("    </").append(DevSettings.CLUSTER_NAME).append(">\n  </remote_servers>").toString();
    }

    /** What the process prints before its own log is open (bad configuration, port in use). */
    private Path consoleLog() {
        return home.resolve("log/console.log");
    }

    @Override
    public boolean ready() {
        return HttpProbe.answers(settings.clickhouseUrl(shard) + "/ping");
    }

    @Override
    public String address() {
        return settings.clickhouseUrl(shard) + " (native " + DevSettings.HOST + ":" + settings.clickhouseTcpPort(shard) + ")"
                + (settings.clickhouseShards() > 1 ? ", shard " + shard + " of cluster " + DevSettings.CLUSTER_NAME : "");
    }

    @Override
    public Path logFile() {
        return home.resolve("log/server.log");
    }

    @Override
    public List<Path> logFiles() {
        return List.of(logFile(), home.resolve("log/error.log"), consoleLog());
    }
}
