package io.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server is and which admin token to send, found the way a developer expects:
 * <ol>
 *   <li>{@code --server} / {@code --token} flags,</li>
 *   <li>{@code CDP_SERVER} / {@code CDP_ADMIN_TOKEN} environment variables,</li>
 *   <li>{@code server.json} in the dev data folder ({@code $CDP_DATA_DIR}, else
 *       {@code $CDP_HOME/.cdp}), written by a server started where {@code cdp dev up} ran,</li>
 *   <li>the dev data folder's {@link LocalAdminToken} (the token {@code cdp dev up} generated)
 *       and the default address {@value #DEFAULT_SERVER}.</li>
 * </ol>
 * Each value is taken from the first place that has it; {@link #origin()} says where the server
 * address came from, for error messages.
 *
 * <pre>{@code
 * ClientSettings settings = ClientSettings.resolve(serverFlag, tokenFlag, System.getenv());
 * }</pre>
 */
public record ClientSettings(URI server, String token, String origin) {
    public static final String DEFAULT_SERVER = "http://127.0.0.1:3049";
    /** The file a dev server writes under {@code $CDP_HOME/.cdp/}. */
    public static final String CONNECTION_FILE = "server.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClientSettings {
        String text = server.toString();
        if (text.endsWith("/")) {
            server = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** Resolves settings from flags (either may be null), the environment and the dev file. */
    public static ClientSettings resolve(String serverFlag, String tokenFlag, Map<String, String> env) {
        Path dataDir = LocalAdminToken.dataDir(env);
        Path file = dataDir.resolve(CONNECTION_FILE);
        JsonNode written = readConnectionFile(file);

        String server;
        String origin;
        if (present(serverFlag)) {
            server = serverFlag;
            origin = "--server";
        } else if (present(env.get("CDP_SERVER"))) {
            server = env.get("CDP_SERVER");
            origin = "CDP_SERVER";
        } else if (written != null && written.hasNonNull("url")) {
            server = written.get("url").asText();
            origin = file.toString();
        } else {
            server = DEFAULT_SERVER;
            origin = "the default address";
        }

        String token;
        if (present(tokenFlag)) {
            token = tokenFlag;
        } else if (present(env.get("CDP_ADMIN_TOKEN"))) {
            token = env.get("CDP_ADMIN_TOKEN");
        } else if (written != null && written.hasNonNull("token")) {
            token = written.get("token").asText();
        } else {
            // Null when there is none: the server then answers 401, and the error says which token to pass.
            token = LocalAdminToken.read(dataDir).orElse(null);
        }
        return new ClientSettings(URI.create(server), token, origin);
    }

    private static JsonNode readConnectionFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException unreadable) {
            return null; // a half-written or stale file: fall back to the other sources
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
