package io.cdp.server.config;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the configuration from a file when one exists at that path, else from the class path,
 * so that {@code cdp server} works from the packaged jar with its built-in {@code cdp.yml}.
 */
public class FileOrClasspathSourceProvider implements ConfigurationSourceProvider {
    @Override
    public InputStream open(String path) throws IOException {
        Path file = Path.of(path);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream resource = getClass().getClassLoader().getResourceAsStream(path);
        if (resource == null) {
            throw new FileNotFoundException("configuration not found: " + path
                    + " (neither a file nor a class-path resource; the built-in one is cdp.yml)");
        }
        return resource;
    }
}
