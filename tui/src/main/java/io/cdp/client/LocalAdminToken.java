package io.cdp.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The admin token of a local setup: generated once by {@code cdp dev up} into
 * {@value #FILE_NAME} in the dev data folder (readable by its owner only), given to the server
 * that {@code cdp server} starts there, and read by {@code cdp} commands and the dashboard.
 * Nothing in the repository opens a server: every setup has a token of its own.
 *
 * <pre>{@code
 * String token = LocalAdminToken.create(dataDir);   // the existing one, or a new one
 * Optional<String> same = LocalAdminToken.read(dataDir);
 * }</pre>
 */
public final class LocalAdminToken {
    /** Name of the file in the dev data folder ({@code $CDP_DATA_DIR}, else {@code .cdp/}). */
    public static final String FILE_NAME = "admin-token";

    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalAdminToken() {
    }

    /** The token kept in {@code dataDir}, if there is a readable, non-empty one. */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The token kept in {@code dataDir}, generating one (256 random bits, base64url, 43
     * characters) when there is none. The file is written whole and mode 0600 before it gets its
     * name, so no other user ever reads it and no client reads half of it.
     */
    public static String create(Path dataDir) throws IOException {
        Optional<String> existing = read(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(dataDir);
        Path temporary = Files.createTempFile(dataDir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(temporary, dataDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temporary);
            return read(dataDir).orElseThrow(() -> raced);
        }
        return token;
    }

    /** {@code $CDP_DATA_DIR}, else {@code $CDP_HOME/.cdp} (else {@code ./.cdp}): where the dev files live. */
    public static Path dataDir(Map<String, String> env) {
        String dataDir = env.getOrDefault("CDP_DATA_DIR", "");
        if (!dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        String home = env.getOrDefault("CDP_HOME", "");
        return Path.of(home.isBlank() ? "." : home, ".cdp");
    }
}
