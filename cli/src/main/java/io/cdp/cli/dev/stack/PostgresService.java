package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL from the operating system's packages, with a cluster of the project's own in
 * {@code DATA_DIR/postgres/data} (trust authentication, user {@code postgres}, loopback only) and
 * a database {@code cdp}.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, so as root both run as the
 * {@code postgres} user through {@code runuser}; that user must be able to reach the data folder.
 */
public final class PostgresService extends PidFileService {
    /** The database the server uses by default (cdp.yml: CDP_PG_DATABASE). */
    public static final String DATABASE = "cdp";
    static final String USER = "postgres";
    private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");

    public PostgresService(DevSettings settings) {
        super(settings, "postgres", "postgres", new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(10)));
    }

    @Override
    public List<String> missingPackages() {
        return binDir().isPresent() ? List.of() : List.of("postgresql");
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.pgPort(), DevSettings.PG_PORT));
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    /** PostgreSQL's own: the first line of postmaster.pid is the postmaster's pid. */
    @Override
    protected Path pidFile() {
        return dataDir().resolve("postmaster.pid");
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        Path bin = binDir().orElseThrow(() -> new DevException(
                "PostgreSQL is not installed: apt-get install -y postgresql"));
        prepareHome();
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
            progress.println("postgres: creating a cluster in " + dataDir());
            int status = Processes.run(asPostgres(List.of(bin.resolve("initdb").toString(),
                    "-D", dataDir().toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale")),
                    Map.of(), home.resolve("initdb.log"));
            if (status != 0) {
                throw new DevException("initdb failed (status " + status + "): read " + home.resolve("initdb.log"));
            }
        }
        // -W: do not wait here; LocalStack waits for every service at once.
        int status = Processes.run(asPostgres(List.of(bin.resolve("pg_ctl").toString(),
                "-D", dataDir().toString(), "-l", logFile().toString(), "-W",
                "-o", "-p " + settings.pgPort() + " -k " + home + " -c listen_addresses=" + DevSettings.HOST,
                "start")), Map.of(), home.resolve("pg_ctl.log"));
        if (status != 0) {
            throw new DevException("pg_ctl start failed (status " + status + "): read " + home.resolve("pg_ctl.log")
                    + " and " + logFile());
        }
    }

    /**
     * Creates DATA_DIR/postgres owned by the postgres user (as root) and checks that the user can
     * reach it: a data folder under a private home directory is the usual trap.
     */
    private void prepareHome() throws IOException {
        Files.createDirectories(home);
        if (!Processes.runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = home.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(home, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(USER));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(USER);
        view.setGroup(group);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        int status = Processes.run(asPostgres(List.of("test", "-w", home.toString())), Map.of(), null, line -> { });
        if (status != 0) {
            throw new DevException("the postgres user cannot reach " + home + ": every parent folder must be "
                    + "readable by it (chmod o+rx on each), or set " + DevSettings.DATA_DIR
                    + " to a folder elsewhere, e.g. /var/tmp/cdp");
        }
    }

    private static List<String> asPostgres(List<String> command) {
        if (!Processes.runningAsRoot()) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        full.addAll(command);
        return full;
    }

    @Override
    public boolean ready() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void afterReady(PrintWriter progress) throws IOException {
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            progress.println("postgres: created database " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        DriverManager.setLoginTimeout(2);
        return DriverManager.getConnection(
                "jdbc:postgresql://" + DevSettings.HOST + ":" + settings.pgPort() + "/" + database, USER, "");
    }

    @Override
    public boolean stop() throws IOException {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            return true;
        }
        Optional<Path> bin = binDir();
        if (bin.isPresent()) {
            Processes.run(asPostgres(List.of(bin.get().resolve("pg_ctl").toString(),
                    "-D", dataDir().toString(), "-m", "fast", "-t", "30", "stop")), Map.of(), home.resolve("pg_ctl.log"));
        }
        // pg_ctl waited; if it could not stop it, fall back to signals.
        return super.stop();
    }

    @Override
    public String address() {
        return "postgresql://" + USER + "@" + DevSettings.HOST + ":" + settings.pgPort() + "/" + DATABASE;
    }

    @Override
    public Path logFile() {
        return home.resolve("postgres.log");
    }

    /** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/15/bin). */
    static Optional<Path> binDir() {
        if (!Files.isDirectory(INSTALL_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
            return versions
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresService::majorVersion))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
