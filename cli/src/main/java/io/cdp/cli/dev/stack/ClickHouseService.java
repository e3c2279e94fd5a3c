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
 */
public final class ClickHouseService extends PidFileService {
    private static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");

    public ClickHouseService(DevSettings settings) {
        super(settings, "clickhouse", "clickhouse", new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(20)));
    }

    @Override
    public List<String> missingPackages() {
        return Files.isExecutable(BINARY) ? List.of() : List.of("clickhouse-server");
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.clickhouseHttpPort(), DevSettings.CLICKHOUSE_HTTP_PORT),
                new Port(settings.clickhouseTcpPort(), DevSettings.CLICKHOUSE_TCP_PORT));
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new DevException("ClickHouse is not installed: apt-get install -y clickhouse-server");
        }
        Path config = home.resolve("config.xml");
        Templates.write("clickhouse-config.xml", Map.of(
                "DIR", home.toString(),
                "HTTP_PORT", String.valueOf(settings.clickhouseHttpPort()),
                "TCP_PORT", String.valueOf(settings.clickhouseTcpPort())), config);
        for (String dir : List.of("log", "data", "tmp", "user_files", "format_schemas")) {
            Files.createDirectories(home.resolve(dir));
        }
        Process process = Processes.startDetached(
                List.of(BINARY.toString(), "--config-file=" + config), consoleLog(), Map.of());
        Processes.writePid(pidFile(), process.pid());
    }

    /** What the process prints before its own log is open (bad configuration, port in use). */
    private Path consoleLog() {
        return home.resolve("log/console.log");
    }

    @Override
    public boolean ready() {
        return HttpProbe.answers(settings.clickhouseUrl() + "/ping");
    }

    @Override
    public String address() {
        return settings.clickhouseUrl() + " (native " + DevSettings.HOST + ":" + settings.clickhouseTcpPort() + ")";
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
