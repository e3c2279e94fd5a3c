package io.cdp.cli.dev.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Configuration files of the local services, kept as readable templates next to this class
 * ({@code src/main/resources/io/cdp/cli/dev/stack/}) with {@code @NAME@} placeholders.
 */
final class Templates {
    private Templates() {
    }

    /** The template's text with every {@code @KEY@} replaced by its value. */
    static String render(String resource, Map<String, String> values) {
        try (InputStream in = Templates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template missing from the jar: " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("@" + value.getKey() + "@", value.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders a template into a file, replacing what was there. */
    static void write(String resource, Map<String, String> values, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(resource, values), StandardCharsets.UTF_8);
    }
}
