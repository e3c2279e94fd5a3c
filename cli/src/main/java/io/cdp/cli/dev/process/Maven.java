package io.cdp.cli.dev.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finding and running Maven, which resolves Kafka's jars and runs the test suite. */
public final class Maven {
    private Maven() {
    }

    /** {@code mvn} from the PATH. */
    public static Optional<Path> executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn"))) {
                return Optional.of(Path.of(dir, "mvn"));
            }
        }
        return Optional.empty();
    }

    /** {@code mvn}, or a {@link DevException} that says how to install it. */
    public static String require() {
        return executable().orElseThrow(() -> new DevException(
                "Maven (mvn) is not on the PATH: apt-get install -y maven")).toString();
    }

    /**
     * Environment for a Maven child: JAVA_HOME of this JVM (so Maven builds with the JDK the
     * launcher chose), and on JDK 24+ the flag that silences Maven's own Guava warning about
     * sun.misc.Unsafe, as the launcher does.
     */
    public static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (Runtime.version().feature() >= 24) {
            String opts = System.getenv().getOrDefault("MAVEN_OPTS", "");
            if (!opts.contains("sun-misc-unsafe-memory-access")) {
                env.put("MAVEN_OPTS", (opts + " --sun-misc-unsafe-memory-access=allow").strip());
            }
        }
        return env;
    }
}
