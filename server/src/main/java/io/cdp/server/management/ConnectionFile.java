package io.cdp.server.management;

import io.cdp.server.event.EventJson;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells local clients where this server is: once Jetty listens, writes {@value #FILE_NAME}
 * (URL of the API port and the admin token, readable by the owner only) into the project's
 * {@code .cdp/} folder, and removes it when the server stops. {@code cdp} commands read it, so
 * in development they find the server without flags.
 *
 * <p>Only written where {@code .cdp/} already exists, i.e. on a machine prepared by
 * {@code cdp dev up}; a production host without that folder never gets the token on disk.
 */
public class ConnectionFile implements ServerLifecycleListener {
    /** Name of the file inside {@code $CDP_HOME/.cdp/}. */
    public static final String FILE_NAME = "server.json";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFile.class);

    private final Path directory;
    private final String adminToken;

    /** @param directory the {@code .cdp} folder; nothing is written when it does not exist */
    public ConnectionFile(Path directory, String adminToken) {
        this.directory = directory;
        this.adminToken = adminToken;
    }

    /**
     * The local data folder {@code cdp dev up} uses: {@code $CDP_DATA_DIR}, else the {@code .cdp}
     * folder of the project the launcher runs from ({@code $CDP_HOME}).
     */
    public static Path defaultDirectory() {
        String dataDir = System.getenv("CDP_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        String home = System.getenv("CDP_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home, ".cdp");
    }

    @Override
    public void serverStarted(Server server) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Path file = directory.resolve(FILE_NAME);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("url", "http://127.0.0.1:" + getLocalPort(server));
        content.put("token", adminToken);
        content.put("pid", ProcessHandle.current().pid());
        try {
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.write(temporary, EventJson.toBytes(content));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not write {}: cdp commands will need --server/--token", file, e);
            return;
        }
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("could not remove {}", file, e);
                }
            }
        });
    }
}
