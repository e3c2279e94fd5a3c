package io.cdp.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpApplication;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md is the operator's list of settings: every environment variable the built-in
 * cdp.yml reads must be described there, so a new setting cannot ship undocumented.
 */
class OperationsDocTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    @Test
    void everyVariableOfTheBuiltInConfigIsDocumented() throws Exception {
        String config;
        try (InputStream in = CdpApplication.class.getClassLoader().getResourceAsStream(CdpApplication.DEFAULT_CONFIG)) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Comments may show the ${NAME:-default} syntax itself.
        config = config.lines().filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
        // Surefire runs in the module folder; the docs are at the project's root.
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        Set<String> undocumented = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(config);
        while (matcher.find()) {
            if (!doc.contains("`" + matcher.group(1) + "`")) {
                undocumented.add(matcher.group(1));
            }
        }

        assertThat(undocumented).as("variables of cdp.yml missing from docs/operations.md").isEmpty();
    }
}
